import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { jobRuns } from "../../db/schema/index.ts";
import type { Env } from "../../worker/env.ts";
import worker from "../../worker/index.ts";
import { CRON_STEPS } from "../../worker/jobs/crons.ts";
import wranglerToml from "../../wrangler.toml?raw";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";

const { db, close } = testDb();
afterAll(() => close());

const CRON = Object.keys(CRON_STEPS)[0] as string;

async function fire(cron: string, overrides: Partial<Env> = {}) {
  const controller = createScheduledController({ cron, scheduledTime: Date.now() });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

async function proposalFingerprint() {
  const r = await db.execute<{ fp: string }>(sql`
    select md5(string_agg(id || ':' || version || ':' || coalesce(claimed_savings::text, '') || ':' ||
      coalesce(removed_from_source_at::text, ''), ',' order by id)) as fp from proposals`);
  const v = await db.execute<{ n: string }>(sql`select count(*)::text as n from proposal_versions`);
  return `${r.rows[0]?.fp}/${v.rows[0]?.n}`;
}

async function lastRun() {
  const [run] = await db.select().from(jobRuns).orderBy(desc(jobRuns.id)).limit(1);
  return run;
}

describe("the scheduled job", () => {
  it("runs only the schedules wrangler.toml declares, and declares only those it runs", () => {
    const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(wranglerToml)?.[1] ?? "";
    const declared = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual(Object.keys(CRON_STEPS).sort());
  });

  it("pulls every DOGE list and, with the source unchanged since the seed, changes nothing", async () => {
    const before = await proposalFingerprint();
    await fire(CRON);
    const run = await lastRun();
    expect(run).toMatchObject({
      step: "doge-receipts",
      trigger: `cron:${CRON}`,
      status: "succeeded",
    });
    expect(run?.counts).toEqual({ fetched: 8219 + 563, inserted: 0, changed: 0, removed: 0 });
    expect(run?.finishedAt).toBeTruthy();
    expect(await proposalFingerprint()).toBe(before);

    const res = await call("/v1/jobs/runs?limit=1");
    const body = await json<{ data: { id: number; status: string }[] }>(res);
    expect(body.data[0]).toMatchObject({ id: run?.id, status: "succeeded" });
  });

  it("records a failed run and changes no data when the upstream fails mid-list", async () => {
    const before = await proposalFingerprint();
    await fire(CRON, { DOGE_API_URL: `${env.DOGE_API_URL}/fault/error` });
    const run = await lastRun();
    expect(run?.status).toBe("failed");
    expect(run?.error).toContain("HTTP 500");
    expect(await proposalFingerprint()).toBe(before);
  });

  it("runs nothing for a schedule it does not know", async () => {
    const before = await lastRun();
    await fire("0 0 31 2 *");
    const after = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.id, (before?.id ?? 0) + 1));
    expect(after).toHaveLength(0);
  });
});
