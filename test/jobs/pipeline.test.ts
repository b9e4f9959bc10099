import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { jobRuns } from "../../db/schema/index.ts";
import { CRON_STEPS } from "../../worker/jobs/crons.ts";
import wranglerToml from "../../wrangler.toml?raw";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { CRON, fire, lastRun, lastRunId, proposalFingerprint, runsAfter } from "../helpers/jobs.ts";
import { makeKey } from "../helpers/keys.ts";

// The cron dispatcher and the pipeline lock, and running a step on demand.
const { db, close } = testDb();
afterAll(() => close());

describe("the scheduled job", () => {
  it("runs only the schedules wrangler.toml declares, and declares only those it runs", () => {
    const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(wranglerToml)?.[1] ?? "";
    const declared = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual(Object.keys(CRON_STEPS).sort());
  });

  it("runs nothing for a schedule it does not know", async () => {
    const before = await lastRun(db);
    await fire("0 0 31 2 *");
    const after = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.id, (before?.id ?? 0) + 1));
    expect(after).toHaveLength(0);
  });
});

describe("the pipeline lock", () => {
  it("never lets two runs work at once: the second is recorded as skipped", async () => {
    const before = await proposalFingerprint(db);
    const mark = await lastRunId(db);
    await Promise.all([fire(CRON), fire(CRON)]);
    const runs = await runsAfter(db, mark);
    expect(runs.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
    expect(runs.find((r) => r.status === "skipped")?.error).toMatch(/lock/);
    expect(await proposalFingerprint(db)).toBe(before);
  });
});

describe("POST /v1/admin/jobs/{step}/run", () => {
  it("runs a step now for an admin and answers with the recorded run", async () => {
    const admin = await makeKey(db, "admin");
    const res = await call("/v1/admin/jobs/doge-receipts/run", {
      method: "POST",
      headers: admin.auth,
    });
    expect(res.status).toBe(200);
    const { data } = await json<{ data: { step: string; status: string; trigger: string } }>(res);
    expect(data).toMatchObject({
      step: "doge-receipts",
      status: "succeeded",
      trigger: `manual:key:${admin.id}`,
    });
  });

  it("is refused to editors and names an unknown step", async () => {
    const editor = await makeKey(db, "editor");
    const forbidden = await call("/v1/admin/jobs/doge-receipts/run", {
      method: "POST",
      headers: editor.auth,
    });
    expect(forbidden.status).toBe(403);
    await forbidden.text();
    const admin = await makeKey(db, "admin");
    const unknown = await call("/v1/admin/jobs/everything/run", {
      method: "POST",
      headers: admin.auth,
    });
    expect(unknown.status).toBe(400);
    expect((await json<Problem>(unknown)).errors?.[0]?.name).toBe("step");
  });
});
