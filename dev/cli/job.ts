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
  if (runs.some((r) => (r.counts as { queued?: number }).queued)) await drainQueue();
}
process.exit(failed ? 1 : 0);

type Lookups = { pending: number; retrying: number; failed: number; consuming: number };

/**
 * The awards step only sent the award lookups to the queue: wait while the Worker's consumer
 * works through them (wrangler dev runs the queue locally), printing progress, then what failed.
 * Retries wait 30 s and more, so a queue with failing lookups takes minutes to settle.
 */
async function drainQueue() {
  const started = Date.now();
  let last = "";
  for (;;) {
    const state = (await (await get("/v1/jobs/award-lookups?limit=5")).json()) as Lookups & {
      data: { award_id: string; last_error: string | null }[];
    };
    const line = `queue of award lookups: ${state.pending} pending (${state.retrying} retrying), ${state.failed} failed`;
    if (line !== last) console.log(`  ${line} — ${((Date.now() - started) / 1000).toFixed(0)} s`);
    last = line;
    // Settled: nothing on the queue, and the last batch done assessing the claims.
    if (state.pending === 0 && state.consuming === 0) {
      for (const f of state.data) console.log(`  failed: ${f.award_id} — ${f.last_error}`);
      if (state.failed > state.data.length) {
        console.log(`  … and ${state.failed - state.data.length} more: GET /v1/jobs/award-lookups`);
      }
      return;
    }
    if (Date.now() - started > 30 * 60_000) {
      console.log("  still draining after 30 minutes; the Worker goes on in the background");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

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
    const after = (await (await get("/v1/jobs/runs?limit=100")).json()) as { data: Run[] };
    // The queue's consumers record runs of their own meanwhile: only this schedule's steps.
    runs = after.data.filter((r) => r.id > lastId && steps.includes(r.step)).reverse();
    const done = runs.every((r) => r.status !== "running");
    if (done && (runs.length >= steps.length || runs.some((r) => r.status === "skipped")))
      return runs;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return runs;
}
