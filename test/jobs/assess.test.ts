import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { assessments } from "../../db/schema/index.ts";
import { COMPUTED_VERSIONS, METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { AWARDS_CRON, claimFor, fire } from "../helpers/jobs.ts";

// The assess step, as the awards cron runs it after the lookups: duplicates, vehicles, versions.
const { db, close } = testDb();
afterAll(() => close());

describe("the assess step", () => {
  // The first FPDS record behind DOGE's 2025-03-05 list, which the USAspending stand-in serves.
  const [record] = parse(fpdsCsv, { columns: true, bom: true, to: 1 }) as Record<string, string>[];
  const link = new URL(record?.LINK ?? "").searchParams;

  it("assesses the later claim of the same award as a duplicate, never the earlier", async () => {
    const parts = [link.get("PIID"), link.get("agencyID"), link.get("idvPIID") || null] as const;
    // Dated after every seeded claim, and the second later than the first.
    const first = await claimFor(db, ...parts, { claimDate: "2030-01-01" });
    const second = await claimFor(db, ...parts, { claimDate: "2030-01-02" });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    type One = { data: { assessment: { status: string; duplicate_of: number | null } | null } };
    const a = await json<One>(await call(`/v1/proposals/${first}`));
    const b = await json<One>(await call(`/v1/proposals/${second}`));
    expect(b.data.assessment).toMatchObject({ status: "duplicate" });
    expect(b.data.assessment?.duplicate_of).not.toBe(second);
    // The earlier claim counts the award, or a seeded claim earlier still does: never the later.
    expect(a.data.assessment?.duplicate_of).not.toBe(second);
  });

  it("counts a task order under its agency's own claimed vehicle only when that covers it", async () => {
    const own = `V${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    const vehicle = await claimFor(db, own, "9700", null, { claimedSavings: "1000" });
    const order = await claimFor(db, `O${own}`, "9700", own, {
      parentAgencyId: "9700",
      claimedSavings: "400",
    });
    // Another agency's order under the same vehicle (a government-wide schedule) stays apart.
    const other = await claimFor(db, `P${own}`, "2000", own, {
      parentAgencyId: "9700",
      claimedSavings: "100",
    });
    // A vehicle whose orders claim more than it does: each order stays a claim of its own.
    const small = `S${own.slice(1)}`;
    await claimFor(db, small, "9700", null, { claimedSavings: "10" });
    const big = await claimFor(db, `O${small}`, "9700", small, {
      parentAgencyId: "9700",
      claimedSavings: "5000",
    });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "4" });
    type One = { data: { assessment: { status: string; duplicate_of: number | null } | null } };
    const statusOf = async (id: number) =>
      (await json<One>(await call(`/v1/proposals/${id}`))).data.assessment;
    expect(await statusOf(order)).toMatchObject({ status: "duplicate", duplicate_of: vehicle });
    expect((await statusOf(vehicle))?.status).not.toBe("duplicate");
    expect((await statusOf(other))?.duplicate_of ?? null).toBeNull();
    expect((await statusOf(big))?.duplicate_of ?? null).toBeNull();
  });

  it("computes a new methodology beside the old: earlier versions' assessments stay", async () => {
    const id = await claimFor(db, null, null, null);
    await db.insert(assessments).values({
      proposalId: id,
      methodologyVersion: "0-old",
      status: "supported",
      evidence: { from: "an earlier version" },
    });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "1" });
    const rows = await db.select().from(assessments).where(eq(assessments.proposalId, id));
    expect(rows.map((r) => r.methodologyVersion).sort()).toEqual(
      ["0-old", ...COMPUTED_VERSIONS].sort(),
    );
    expect(rows.find((r) => r.methodologyVersion === METHODOLOGY_VERSION)?.status).toBe(
      "unverifiable",
    );
  });
});
