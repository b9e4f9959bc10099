/**
 * `npm run bench -- evidence`: the seeded award backlog through the queue of award lookups, as
 * `npm start -- --fixtures` runs it (wrangler dev's local queue feeding the Worker's consumer),
 * against the USAspending stand-in behind a proxy that answers 150 ms late and rate-limits a
 * share of requests with 429 + Retry-After. One awards tick sends BENCH_AWARDS lookups (newest
 * claims first); the clock runs until none is pending. The baseline is the ideal of the same
 * run: the requests it made × the latency ÷ the lookups in flight at once. Also: requests per
 * award, and whether every claim of a looked-up award has its assessment or a recorded failure.
 * Knobs: BENCH_AWARDS (default 1000), BENCH_LATENCY_MS (150), BENCH_LIMITED_SHARE (0.02),
 * BENCH_CONCURRENCY (lookups at once; default 10, 1 on the embedded PGlite as npm start sets).
 */
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { awardIdOf } from "../db/queries/awards.ts";
import { startUsaspendingFixture } from "../dev/upstreams/usaspending.ts";
import {
  benchStack,
  header,
  log,
  ROOT,
  seconds,
  sleep,
  startWorker,
  table,
  verdict,
} from "./lib/harness.ts";
import { startLatencyProxy } from "./lib/latency-proxy.ts";

const AWARDS = Number(process.env.BENCH_AWARDS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
const LIMITED_SHARE = Number(process.env.BENCH_LIMITED_SHARE ?? 0.02);
const TIMEOUT_MS = 30 * 60_000;

header(
  `evidence: ${AWARDS} award lookups through the queue, USAspending at ${LATENCY_MS} ms with ${(LIMITED_SHARE * 100).toFixed(0)}% 429s`,
);
const stack = await benchStack();
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? (stack.embedded ? 1 : 10));
const usaspending = await startUsaspendingFixture(
  join(ROOT, "data", "fpds", "fpds-doge-contracts-2025-03-05.csv"),
);
const proxy = await startLatencyProxy({
  target: usaspending.url,
  latencyMs: LATENCY_MS,
  limitedShare: LIMITED_SHARE,
  retryAfterSeconds: 1,
});
const worker = await startWorker(
  stack,
  {
    USASPENDING_API_URL: proxy.url,
    // One send (one subrequest) a hundred lookups: this many sends, no more.
    JOB_MAX_SUBREQUESTS: String(Math.ceil(AWARDS / 100)),
    AWARD_LOOKUP_CONCURRENCY: String(concurrency),
  },
  ["--test-scheduled"],
);

type Lookups = { pending: number; retrying: number; failed: number; consuming: number };
type Run = { id: number; step: string; status: string; counts: Record<string, number> };
const get = async <T>(path: string) => (await (await fetch(`${worker.url}${path}`)).json()) as T;

try {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  await (
    await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("15,45 * * * *")}`)
  ).text();
  let awardsRun: Run | undefined;
  let state: Lookups = { pending: -1, retrying: 0, failed: 0, consuming: 0 };
  let ms = 0;
  for (;;) {
    await sleep(200);
    ms = performance.now() - t0;
    awardsRun ??= (await get<{ data: Run[] }>("/v1/jobs/runs?limit=100")).data.find(
      (r) => r.step === "awards" && r.status !== "running",
    );
    state = await get<Lookups>("/v1/jobs/award-lookups?limit=1");
    // Settled: nothing on the queue, and the last batch done assessing.
    if (awardsRun && state.pending === 0 && state.consuming === 0) break;
    if (ms > TIMEOUT_MS) throw new Error(`still ${state.pending} pending after ${seconds(ms)}`);
  }
  const queued = awardsRun?.counts.queued ?? 0;
  const { requests, limited } = proxy.counts;
  const ideal = (requests * LATENCY_MS) / concurrency;

  // Every claim of an award looked up in this run: assessed, or its award's failure recorded.
  const { db, close } = stack.connect();
  const outcome = await db.execute<{ claims: number; assessed: number; failed: number }>(sql`
    select count(*)::int as claims,
      count(*) filter (where s.id is not null)::int as assessed,
      count(*) filter (where s.id is null and l.failed_at is not null)::int as failed
    from proposals p
    join awards a on a.award_id = ${awardIdOf("p")} and a.fetched_at >= ${startedAt}
    left join award_lookups l on l.award_id = a.award_id
    left join assessments s on s.proposal_id = p.id and s.methodology_version = '2'
    where p.retracted_at is null`);
  await close();
  const o = outcome.rows[0] ?? { claims: 0, assessed: 0, failed: 0 };

  console.log(
    table([
      ["measure", "value"],
      ["award lookups sent (one tick)", queued],
      ["failed (recorded against their award)", state.failed],
      ["upstream requests (429s and retries included)", requests],
      ["  of which 429 with Retry-After: 1", limited],
      ["requests per award", (requests / Math.max(1, queued)).toFixed(2)],
      ["lookups in flight at once", concurrency],
      ["time to drain", seconds(ms)],
      [`ideal: requests × ${LATENCY_MS} ms ÷ ${concurrency}`, seconds(ideal)],
      ["awards a second", (queued / (ms / 1000)).toFixed(1)],
      ["claims of those awards", o.claims],
      ["  assessed", o.assessed],
      ["  failed, reason recorded", o.failed],
    ]),
  );
  log(`time to drain ÷ ideal: ${verdict(ms / ideal, 2, false)}`);
  log(
    `claims of the looked-up awards with evidence assessed or a recorded failure: ${o.assessed + o.failed}/${o.claims}${o.assessed + o.failed === o.claims ? "" : " (MISSED)"}`,
  );
} finally {
  await worker.stop();
  await proxy.close();
  await usaspending.close();
  await stack.close();
}
