/**
 * `npm run job`: run every scheduled step once, schedule by schedule, on the API that `npm start`
 * is serving (through wrangler's test endpoint for Cron Triggers), and print the runs recorded.
 * Use `npm start -- --fixtures` first to pull from the local stand-ins instead of the real APIs.
 */
import { CRON_STEPS } from "../../worker/jobs/crons.ts";

const base = `http://127.0.0.1:${process.env.PORT ?? 8787}`;

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

let failed = false;
for (const cron of Object.keys(CRON_STEPS)) {
  const runs = await runCron(cron);
  for (const r of runs) {
    const state =
      r.status === "succeeded" && !r.complete ? "succeeded (partial: resumes next run)" : r.status;
    console.log(
      `#${r.id} ${r.step}: ${state} ${JSON.stringify(r.counts)}${r.error ? ` — ${r.error}` : ""}`,
    );
    if (r.status === "failed") failed = true;
  }
}
process.exit(failed ? 1 : 0);

/** Trigger one schedule and wait for the runs it records (the Worker works after answering). */
async function runCron(cron: string): Promise<Run[]> {
  const steps: readonly string[] = CRON_STEPS[cron as keyof typeof CRON_STEPS];
  const before = (await (await get("/v1/jobs/runs?limit=1")).json()) as { data: Run[] };
  const lastId = before.data[0]?.id ?? 0;
  console.log(
    `running "${cron}" (${CRON_STEPS[cron as keyof typeof CRON_STEPS].join(", ")}) on ${base} …`,
  );
  await (await get(`/__scheduled?cron=${encodeURIComponent(cron)}`)).text();
  let runs: Run[] = [];
  for (let waited = 0; waited < 10 * 60_000; waited += 500) {
    const after = (await (await get("/v1/jobs/runs?limit=20")).json()) as { data: Run[] };
    runs = after.data.filter((r) => r.id > lastId).reverse();
    const done = runs.every((r) => r.status !== "running");
    if (done && (runs.length >= steps.length || runs.some((r) => r.status === "skipped")))
      return runs;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return runs;
}
