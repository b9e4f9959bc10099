import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agencyOutlays } from "../../db/schema/index.ts";
import { priorFiscalYearStart } from "../../worker/jobs/outlays/step.ts";
import { cachedGet, queries } from "../helpers/cached.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import {
  expectFailedRun,
  FAULTS,
  fire,
  lastRunId,
  OUTLAYS_CRON,
  runsAfter,
} from "../helpers/jobs.ts";

// The outlays step: Treasury's MTS table 5, and the read cache purge after a run that changed data.
const { db, close } = testDb();
afterAll(() => close());

function lastDayOfMonth(isoDate: string): string {
  const [y, m] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, m ?? 1, 0)).toISOString().slice(0, 10);
}

describe("the outlays step", () => {
  /** Set a stored outlay to a value the upstream would overwrite, so any write of it shows. */
  async function skewAnOutlay() {
    const [row] = await db.select().from(agencyOutlays).limit(1);
    if (!row) throw new Error("the outlays test above stored none");
    await db
      .update(agencyOutlays)
      .set({ currentFytdNetOutlays: "1.23" })
      .where(eq(agencyOutlays.id, row.id));
  }

  it("stores every month of MTS table 5 since the prior fiscal year, agencies matched", async () => {
    const mark = await lastRunId(db);
    // One agency line per month: up to 25 months × 53 agencies, pages of 1,000, one a run.
    for (let i = 0; i < 5; i++) {
      await fire(OUTLAYS_CRON, { JOB_MAX_SUBREQUESTS: "1" });
      const [last] = (await runsAfter(db, mark)).slice(-1);
      if (last?.complete) break;
    }
    const runs = await runsAfter(db, mark);
    expect(runs.every((r) => r.step === "outlays" && r.status === "succeeded")).toBe(true);
    expect(runs.at(-1)?.complete).toBe(true);
    const rows = await db.select().from(agencyOutlays);
    const fetched = runs.reduce((sum, r) => sum + r.counts.fetched, 0);
    expect(rows).toHaveLength(fetched);
    const usda = rows.filter((r) => r.classificationDesc === "Department of Agriculture");
    expect(usda.every((r) => r.agencyCode === "012")).toBe(true);
    expect(usda[0]?.currentFytdNetOutlays).toMatch(/^\d+\.\d{2}$/);
    const months = new Set(rows.map((r) => r.recordDate));
    expect(rows).toHaveLength(months.size * 53);
    expect([...months].sort()[0]).toBe(lastDayOfMonth(priorFiscalYearStart(new Date())));
    const fiscalMonths = new Set(rows.map((r) => r.fiscalMonth));
    expect([...fiscalMonths].every((m) => m !== null && m >= 1 && m <= 12)).toBe(true);
  });

  it.each(FAULTS)(
    "fails the run and changes no outlay when Treasury is %s on its last page",
    async (mode, reason) => {
      await skewAnOutlay();
      const before = await db.select().from(agencyOutlays).orderBy(agencyOutlays.id);
      await expectFailedRun(db, OUTLAYS_CRON, "FISCALDATA_API_URL", mode, reason);
      expect(await db.select().from(agencyOutlays).orderBy(agencyOutlays.id)).toEqual(before);
    },
  );

  it("purges the read cache of PUBLIC_URL after a run that changed data, so readers see it", async () => {
    const path = "/v1/savings/by-agency";
    // An origin of this test's own: cache.test.ts purges the shared one as it writes.
    const origin = "http://job-purge.test";
    const read = () => cachedGet(path, {}, "GET", origin);
    // Without PUBLIC_URL the job's change waits for the cached copy to age out.
    await read();
    const cachedBefore = await read();
    expect(queries(cachedBefore.timing)).toBe(0);
    await skewAnOutlay();
    await fire(OUTLAYS_CRON);
    const stale = await read();
    expect(queries(stale.timing)).toBe(0);
    expect(stale.body).toBe(cachedBefore.body);

    // With it, the run that changed outlays starts a new generation: the next read is fresh.
    await skewAnOutlay();
    await fire(OUTLAYS_CRON, { PUBLIC_URL: `${origin}/` });
    const fresh = await read();
    expect(queries(fresh.timing)).toBeGreaterThan(0);
    expect(JSON.parse(fresh.body)).toEqual(await json(await call(path)));
  });
});
