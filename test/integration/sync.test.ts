import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { proposals, proposalVersions } from "../../db/schema/index.ts";
import { type ProposalDraft, receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { syncProposals } from "../../worker/jobs/doge/sync.ts";
import { makeCommission, testDb } from "../helpers/db.ts";

const { db, close } = testDb();
afterAll(() => close());

function contract(piid: string, savings: number, extra: Record<string, unknown> = {}) {
  return {
    piid,
    agency: "Department of Education",
    vendor: "ACME LLC",
    value: 1000000,
    description: `Contract ${piid}`,
    fpds_status: "TERMINATED",
    fpds_link: `https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=9100&PIID=${piid}&modNumber=P00001&idvAgencyID=&idvPIID=&contractType=AWARD`,
    deleted_date: "3/1/2025",
    savings,
    ...extra,
  };
}

async function rowsOf(commissionId: number) {
  return db
    .select()
    .from(proposals)
    .where(eq(proposals.commissionId, commissionId))
    .orderBy(asc(proposals.naturalKey));
}

async function versionsOf(proposalId: number) {
  return db
    .select()
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(asc(proposalVersions.version));
}

const sync = (commissionId: number, drafts: ProposalDraft[], seenAt: string, complete = true) =>
  syncProposals(db, { commissionId, kind: "contract", drafts, complete, seenAt, sources: [] });

describe("syncing receipts into proposals", () => {
  it("records inserts, silent edits, removals and returns as versions with field diffs", async () => {
    const c = await makeCommission(db);
    const day1 = receiptsToDrafts("contracts", [contract("A1", 500), contract("B2", 700)]);
    expect(await sync(c.id, day1, "2025-04-12T00:00:00Z")).toEqual({
      fetched: 2,
      inserted: 2,
      changed: 0,
      removed: 0,
    });

    // The source quietly turns $500 into $5, and drops B2.
    const day2 = receiptsToDrafts("contracts", [contract("A1", 5)]);
    expect(await sync(c.id, day2, "2025-04-16T00:00:00Z")).toMatchObject({
      changed: 1,
      removed: 1,
    });

    const [a1, b2] = await rowsOf(c.id);
    expect(a1?.claimedSavings).toBe("5");
    expect(a1?.version).toBe(2);
    const history = await versionsOf(a1?.id ?? 0);
    expect(history.map((h) => h.actor)).toEqual(["source:doge", "source:doge"]);
    expect(history[1]?.changedFields).toEqual({ claimedSavings: { old: "500", new: "5" } });
    expect(b2?.removedFromSourceAt).toMatch(/^2025-04-16/);

    // B2 comes back: un-marked, with a version saying so.
    await sync(c.id, day1, "2025-05-01T00:00:00Z");
    const back = (await rowsOf(c.id))[1];
    expect(back?.removedFromSourceAt).toBeNull();
    const bHistory = await versionsOf(back?.id ?? 0);
    expect(bHistory.at(-1)?.reason).toBe("back at source");
  });

  it("changes nothing but last_seen_at when the source is unchanged", async () => {
    const c = await makeCommission(db);
    const drafts = receiptsToDrafts("contracts", [contract("C3", 100)]);
    await sync(c.id, drafts, "2025-04-12T00:00:00Z");
    expect(await sync(c.id, drafts, "2025-04-13T00:00:00Z")).toEqual({
      fetched: 1,
      inserted: 0,
      changed: 0,
      removed: 0,
    });
    const [row] = await rowsOf(c.id);
    expect(row?.version).toBe(1);
    expect(row?.lastSeenAt).toMatch(/^2025-04-13/);
  });

  it("does not mark anything removed from a fetch that is not complete", async () => {
    const c = await makeCommission(db);
    await sync(
      c.id,
      receiptsToDrafts("contracts", [contract("D4", 1), contract("E5", 2)]),
      "2025-04-12T00:00:00Z",
    );
    const counts = await sync(
      c.id,
      receiptsToDrafts("contracts", [contract("D4", 1)]),
      "2025-04-13T00:00:00Z",
      false,
    );
    expect(counts.removed).toBe(0);
    expect((await rowsOf(c.id)).every((r) => r.removedFromSourceAt === null)).toBe(true);
  });

  it("rolls the whole sync back when a write fails half-way: no proposal, no version", async () => {
    const c = await makeCommission(db);
    // 600 receipts make two insert batches; the second holds a value Postgres refuses.
    const drafts = receiptsToDrafts(
      "contracts",
      Array.from({ length: 600 }, (_, i) => contract(`F${String(i).padStart(4, "0")}`, i)),
    );
    const last = drafts.at(-1) as ProposalDraft;
    drafts[drafts.length - 1] = { ...last, claimedSavings: "not money" };
    await expect(sync(c.id, drafts, "2025-04-12T00:00:00Z")).rejects.toThrow();
    expect(await rowsOf(c.id)).toHaveLength(0);

    const versions = await db
      .select({ id: proposalVersions.proposalId })
      .from(proposalVersions)
      .innerJoin(proposals, eq(proposals.id, proposalVersions.proposalId))
      .where(and(eq(proposals.commissionId, c.id)));
    expect(versions).toHaveLength(0);
  });
});

describe("syncing at scale", () => {
  it("writes a thousand changes and removals in a handful of statements, not one per row", async () => {
    const c = await makeCommission(db);
    const piids = Array.from({ length: 1000 }, (_, i) => `S${i}`);
    await sync(
      c.id,
      receiptsToDrafts(
        "contracts",
        piids.map((p) => contract(p, 100)),
      ),
      "2025-04-12T00:00:00Z",
    );
    // Half change their savings, half disappear.
    const next = receiptsToDrafts(
      "contracts",
      piids.slice(0, 500).map((p) => contract(p, 90)),
    );
    let statements = 0;
    const counted = testDb({ onQuery: () => statements++ });
    try {
      const counts = await syncProposals(counted.db, {
        commissionId: c.id,
        kind: "contract",
        drafts: next,
        complete: true,
        seenAt: "2025-04-16T00:00:00Z",
        sources: [],
      });
      expect(counts).toMatchObject({ changed: 500, removed: 500 });
    } finally {
      await counted.close();
    }
    expect(statements).toBeLessThan(30);
    const [one] = await versionsOf((await rowsOf(c.id))[0]?.id ?? 0).then((v) => v.slice(-1));
    expect(one?.changedFields).toEqual({ claimedSavings: { old: "100", new: "90" } });
  });
});
