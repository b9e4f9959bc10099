/**
 * `npm run job`: run every scheduled step once, schedule by schedule, on the API that `npm start`
 * is serving (through wrangler's test endpoint for Cron Triggers), and print the runs recorded.
 * Use `npm start -- --fixtures` first to pull from the local stand-ins instead of the real APIs.
 */
import { readFileSync } from "node:fs";
import { retryDelaySeconds } from "../../worker/jobs/awards/queue.ts";
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

/**
 * A JSON read of the API. A busy database (the embedded one serves one connection, and a sync
 * holds it) answers 503, a flood 429: wait as it asks and try again; anything else is an error
 * that says what the API answered.
 */
async function getJson<T>(path: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const res = await get(path);
    if (res.ok) return (await res.json()) as T;
    const body = await res.text();
    if ((res.status === 503 || res.status === 429) && attempt < 30) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? 2)));
      continue;
    }
    console.error(`error: GET ${path} answered ${res.status}: ${body.slice(0, 500)}`);
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

type Lookup = { award_id: string; attempts: number; last_error: string | null };
type Lookups = {
  pending: number;
  retrying: number;
  failed: number;
  consuming: number;
  retrying_errors: Lookup[];
  data: Lookup[];
};

/**
 * The awards step only sent the award lookups to the queue: wait while the Worker's consumer
 * works through them (wrangler dev runs the queue locally), printing progress, then what failed.
 * When the lookups only fail (none fetched, or nothing left but retries), waiting is pointless:
 * retries wait 30 s and more, and an unreachable upstream fails them all. Say why and return;
 * the Worker goes on with the queue.
 */
async function drainQueue(since: number) {
  const started = Date.now();
  let last = "";
  for (;;) {
    const state = await getJson<Lookups>("/v1/jobs/award-lookups?limit=5");
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
    if (await onlyFailing(state, since)) {
      explainFailures(state);
      return;
    }
    if (Date.now() - started > 30 * 60_000) {
      console.log("  still draining after 30 minutes; the Worker goes on in the background");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Failures in a row, with nothing fetched, that say the upstream is failing every lookup. */
const FAILURES_TO_STOP = 10;

/**
 * The lookups only fail: since the awards step ran, the consumer fetched nothing and failed at
 * least FAILURES_TO_STOP (or every lookup sent); or every lookup still pending is waiting for a
 * retry and no batch is at work, so nothing will change for 30 s or more.
 */
async function onlyFailing(state: Lookups, since: number): Promise<boolean> {
  if (state.pending > 0 && state.retrying === state.pending && state.consuming === 0) return true;
  const runs = await getJson<{ data: Run[] }>("/v1/jobs/runs?limit=100");
  const batches = runs.data.filter((r) => r.id > since && r.step === "award-lookups");
  const count = (key: string) =>
    batches.reduce((n, r) => n + ((r.counts as Record<string, number>)[key] ?? 0), 0);
  const failed = count("failed");
  return count("fetched") === 0 && failed >= Math.min(FAILURES_TO_STOP, state.pending + failed);
}

/** The upstream's latest errors and what the Worker does next, then the command returns. */
function explainFailures(state: Lookups) {
  console.log("  the award lookups are failing; the latest errors from USAspending:");
  const errors = [...state.retrying_errors, ...state.data];
  for (const f of errors.slice(0, 5)) console.log(`    ${f.award_id}: ${f.last_error}`);
  if (errors.length === 0) console.log("    (none recorded yet: GET /v1/jobs/award-lookups)");
  const delays = Array.from({ length: MAX_RETRIES }, (_, i) => retryDelaySeconds(undefined, i + 1));
  console.log(
    `  the Worker retries each lookup after ${delays.map(duration).join(", ")} (or what a 429's Retry-After asks), then records it failed and tries it again after 1 h, doubling up to a week.`,
  );
  console.log(
    "  not waiting for that: the queue goes on in the Worker while npm start runs. Check USASPENDING_API_URL, then GET /v1/jobs/award-lookups.",
  );
}

/** The award lookups' retries, as wrangler.toml configures their consumer. */
const MAX_RETRIES = Number(
  /queue = "cutwatch-award-lookups"\n[^[]*?max_retries = (\d+)/.exec(
    readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8"),
  )?.[1] ?? 0,
);

function duration(seconds: number) {
  return seconds < 60 ? `${seconds} s` : `${seconds / 60} min`;
}

/** Trigger one schedule and wait for the runs it records (the Worker works after answering). */
async function runCron(cron: string): Promise<Run[]> {
  const steps: readonly string[] = CRON_STEPS[cron as keyof typeof CRON_STEPS];
  const before = await getJson<{ data: Run[] }>("/v1/jobs/runs?limit=1");
  const lastId = before.data[0]?.id ?? 0;
  console.log(
    `running "${cron}" (${CRON_STEPS[cron as keyof typeof CRON_STEPS].join(", ")}) on ${base} …`,
  );
  await (await get(`/__scheduled?cron=${encodeURIComponent(cron)}`)).text();
  let runs: Run[] = [];
  for (let waited = 0; waited < 10 * 60_000; waited += 500) {
    const after = await getJson<{ data: Run[] }>("/v1/jobs/runs?limit=100");
    // The queue's consumers record runs of their own meanwhile: only this schedule's steps.
    runs = after.data.filter((r) => r.id > lastId && steps.includes(r.step)).reverse();
    const done = runs.every((r) => r.status !== "running");
    if (done && (runs.length >= steps.length || runs.some((r) => r.status === "skipped")))
      return runs;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return runs;
}

// Last, after every constant above is initialised (the functions use them).
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
  const sent = runs.find((r) => (r.counts as { queued?: number }).queued);
  if (sent) await drainQueue(sent.id);
}
process.exit(failed ? 1 : 0);
