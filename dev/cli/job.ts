/**
 * `npm run job`: run the scheduled pipeline once on the API that `npm start` is serving (through
 * wrangler's test endpoint for Cron Triggers), then print the runs it recorded. Use
 * `npm start -- --fixtures` first to pull from the archived lists instead of api.doge.gov.
 */
import { CRON_STEPS } from "../../worker/jobs/crons.ts";

const base = `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const cron = Object.keys(CRON_STEPS)[0] ?? "";

async function get(path: string): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10 * 60_000) });
  } catch {
    console.error(
      `error: no API on ${base}; start it with npm start (PORT=${process.env.PORT ?? 8787})`,
    );
    process.exit(1);
  }
}

type Run = {
  id: number;
  step: string;
  status: string;
  complete: boolean;
  counts: object;
  error: string | null;
};

const before = (await (await get("/v1/jobs/runs?limit=1")).json()) as { data: Run[] };
const lastId = before.data[0]?.id ?? 0;
console.log(`running the pipeline for cron "${cron}" on ${base} …`);
const res = await get(`/__scheduled?cron=${encodeURIComponent(cron)}`);
await res.text();
// The Worker runs the job after answering (waitUntil): wait for its runs to finish.
let runs: Run[] = [];
for (let waited = 0; waited < 10 * 60_000; waited += 500) {
  const after = (await (await get("/v1/jobs/runs?limit=20")).json()) as { data: Run[] };
  runs = after.data.filter((r) => r.id > lastId).reverse();
  if (runs.length && runs.every((r) => r.status !== "running")) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
for (const r of runs) {
  const state =
    r.status === "succeeded" && !r.complete ? "succeeded (partial: resumes next run)" : r.status;
  console.log(
    `#${r.id} ${r.step}: ${state} ${JSON.stringify(r.counts)}${r.error ? ` — ${r.error}` : ""}`,
  );
}
process.exit(runs.every((r) => r.status !== "failed") && runs.length > 0 ? 0 : 1);
