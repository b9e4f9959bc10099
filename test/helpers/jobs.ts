import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { desc, eq, gt, sql } from "drizzle-orm";
import { expect } from "vitest";
import { jobRuns, proposals } from "../../db/schema/index.ts";
import type { Env } from "../../worker/env.ts";
import worker from "../../worker/index.ts";
import { CRON_STEPS } from "../../worker/jobs/crons.ts";
import { makeCommission, type TestDb } from "./db.ts";

/**
 * Running the job from tests. Every run takes the pipeline lock, so the job tests run one file at
 * a time, on a database of their own (the `jobs` project in vitest.config.ts).
 */

/** The first schedule: the one that pulls the DOGE lists. */
export const CRON = Object.keys(CRON_STEPS)[0] as string;
export const AWARDS_CRON = "15,45 * * * *";
export const OUTLAYS_CRON = "0 6 * * *";

/**
 * Fire a schedule. The awards step fetches inline here (no queue binding): a queue's consumer
 * would run in the background and race the next test; test/jobs/award-queue.test.ts drives it.
 */
export async function fire(cron: string, overrides: Partial<Env> = {}) {
  const controller = createScheduledController({ cron, scheduledTime: Date.now() });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, AWARD_LOOKUPS: undefined, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

/** The DOGE commission's proposals and their history (other test files add rows elsewhere). */
export async function proposalFingerprint(db: TestDb) {
  const r = await db.execute<{ fp: string; versions: string }>(sql`
    select md5(string_agg(p.id || ':' || p.version || ':' || coalesce(p.claimed_savings::text, '') ||
      ':' || coalesce(p.removed_from_source_at::text, ''), ',' order by p.id)) as fp,
      (select count(*) from proposal_versions v join proposals q on q.id = v.proposal_id
        join commissions d on d.id = q.commission_id where d.slug = 'doge')::text as versions
    from proposals p join commissions c on c.id = p.commission_id where c.slug = 'doge'`);
  return `${r.rows[0]?.fp}/${r.rows[0]?.versions}`;
}

/** The newest run (of one step, when given). */
export async function lastRun(db: TestDb, step?: string) {
  const [run] = await db
    .select()
    .from(jobRuns)
    .where(step === undefined ? undefined : eq(jobRuns.step, step))
    .orderBy(desc(jobRuns.id))
    .limit(1);
  return run;
}

export async function lastRunId(db: TestDb) {
  return (await lastRun(db))?.id ?? 0;
}

export async function runsAfter(db: TestDb, id: number) {
  return db.select().from(jobRuns).where(gt(jobRuns.id, id)).orderBy(jobRuns.id);
}

/** What the stand-ins can do wrong (dev/upstreams/faults.ts), and how the failed run says so. */
export const FAULTS: [mode: string, reason: RegExp][] = [
  ["error", /HTTP 500/],
  ["rate-limited", /HTTP 429/],
  ["malformed", /not JSON/],
  ["hang-up", /./],
  ["slow", /no answer within 300 ms/],
];

type Upstream = "DOGE_API_URL" | "USASPENDING_API_URL" | "FISCALDATA_API_URL";

/** Fire a schedule with one upstream at fault, and expect its run to fail for that reason. */
export async function expectFailedRun(
  db: TestDb,
  cron: string,
  upstream: Upstream,
  mode: string,
  reason: RegExp,
) {
  const mark = await lastRunId(db);
  await fire(cron, { [upstream]: `${env[upstream]}/fault/${mode}`, JOB_FETCH_TIMEOUT_MS: "300" });
  const [run] = await runsAfter(db, mark);
  expect(run?.status).toBe("failed");
  expect(run?.error).toMatch(reason);
}

/** A claim of a commission of its own, with an award to look up (a PIID) or none. */
export async function claimFor(
  db: TestDb,
  piid: string | null,
  agency: string | null,
  parentPiid: string | null,
  more: Partial<typeof proposals.$inferInsert> = {},
) {
  const commission = await makeCommission(db);
  const [row] = await db
    .insert(proposals)
    .values({
      commissionId: commission.id,
      kind: "contract",
      naturalKey: `test:${crypto.randomUUID()}`,
      title: "A claim with an FPDS record",
      source: "editor",
      piid,
      contractingAgencyId: agency,
      parentPiid,
      // A claim of nothing is no_saving_claimed whatever its record: these claim a saving.
      claimedSavings: "1000",
      ...more,
    })
    .returning({ id: proposals.id });
  return row?.id ?? 0;
}
