import { eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { assignAgencyCodes } from "../../db/queries/agencies.ts";
import { proposals } from "../../db/schema/index.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

describe("matching the lists' sub-agencies to their department", () => {
  it("by the bureau names of FPDS records, the record's agency id, or a department prefix", async () => {
    const unknown = `BUREAU OF TEST AFFAIRS ${crypto.randomUUID().slice(0, 8)}`;
    const { slug, commissionId, ids } = await makeProposals(db, [
      // Leases: bureaus by name, in the forms the lists write them.
      { kind: "lease", agencyName: "GEOLOGICAL SURVEY" },
      { kind: "lease", agencyName: "UNITED STATES FISH AND WILDLIFE SERVICE" },
      { kind: "lease", agencyName: "ID GEOLOGICAL SURVEY" },
      { kind: "lease", agencyName: "DHS USSS" },
      { kind: "lease", agencyName: "LD WHD" },
      // A contract whose name says nothing, but whose FPDS record is HHS's (7524 FDA).
      { agencyName: "Unnamed office", contractingAgencyId: "7524" },
      // A grant whose award id ends with USAID's subtier code.
      { kind: "grant", agencyName: "Some programme", awardId: "ASST_NON_72038624CA00001_7200" },
      // The Army's agency id counts under Defense.
      { agencyName: "Somewhere", contractingAgencyId: "2100" },
      // "Independent agencies" (95…) are many unrelated ones: no department.
      { agencyName: unknown, contractingAgencyId: "9577" },
    ]);
    await assignAgencyCodes(db, { commissionId });
    const rows = await db
      .select({ id: proposals.id, code: proposals.agencyCode })
      .from(proposals)
      .where(inArray(proposals.id, ids));
    const codes = ids.map((id) => rows.find((r) => r.id === id)?.code);
    expect(codes).toEqual(["014", "014", "014", "070", "1601", "075", "072", "097", null]);

    // This commission's names only: other tests' commissions hold unmatched names of their own.
    const unmatched = await json<{ data: { agency_name: string }[] }>(
      await call(`/v1/agencies/unmatched?commission=${slug}`),
    );
    expect(unmatched.data.map((r) => r.agency_name)).toContain(unknown);
    expect(unmatched.data.map((r) => r.agency_name)).not.toContain("ID GEOLOGICAL SURVEY");
  });

  it("never moves a claim an editor or an alias already placed", async () => {
    const { commissionId, ids } = await makeProposals(db, [
      { agencyName: "DHS USSS", agencyCode: "012", contractingAgencyId: "7524" },
    ]);
    await assignAgencyCodes(db, { commissionId });
    const [row] = await db
      .select({ code: proposals.agencyCode })
      .from(proposals)
      .where(eq(proposals.id, ids[0] ?? 0));
    expect(row?.code).toBe("012");
  });
});
