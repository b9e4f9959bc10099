import { parse } from "csv-parse/sync";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import contracts0416 from "../../data/doge/contracts-2025-04-16.json?raw";
import leases0412 from "../../data/doge/leases-2025-04-12.json?raw";
import leases0416 from "../../data/doge/leases-2025-04-16.json?raw";
import { assignAgencyCodes, SOURCE_MATCH } from "../../db/queries/agencies.ts";
import { proposalSourceValues, proposals, proposalVersions } from "../../db/schema/index.ts";
import type { ProposalDraft } from "../../worker/domain/draft.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { syncProposals } from "../../worker/jobs/doge/sync.ts";
import { parseJsonKeepingNumbers } from "../../worker/lib/json.ts";
import { makeCommission, type TestDb, testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { proposalsOf } from "../helpers/proposals.ts";

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

const rowsOf = (commissionId: number) => proposalsOf(db, commissionId);

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

  it("keeps what the source said for rows synced before it was kept, changing nothing else", async () => {
    const c = await makeCommission(db);
    const drafts = receiptsToDrafts("contracts", [contract("G7", 100)]);
    await sync(c.id, drafts, "2025-04-12T00:00:00Z");
    const [row] = await rowsOf(c.id);
    const id = row?.id ?? 0;
    // As a row loaded before this table existed.
    await db.delete(proposalSourceValues).where(eq(proposalSourceValues.proposalId, id));
    expect(await sync(c.id, drafts, "2025-04-13T00:00:00Z")).toMatchObject({ changed: 0 });
    const [kept] = await db
      .select()
      .from(proposalSourceValues)
      .where(eq(proposalSourceValues.proposalId, id));
    expect(kept?.values).toMatchObject({ piid: "G7", claimedSavings: "100" });
    expect((await rowsOf(c.id))[0]?.version).toBe(1);
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

describe("the record as it happened: real snapshots dated by when the source showed them", () => {
  const leases = (text: string) =>
    receiptsToDrafts("leases", parseJsonKeepingNumbers(text) as unknown[]);
  const syncLeases = (commissionId: number, text: string, seenAt: string) =>
    syncProposals(db, {
      commissionId,
      kind: "lease",
      drafts: leases(text),
      complete: true,
      seenAt,
      sources: [],
    });
  type Change = { what: string; changed_at: string; recorded_at: string };

  it("dates every version, change and feed entry by the snapshot, not by when it was written", async () => {
    const c = await makeCommission(db);
    await syncLeases(c.id, leases0412, "2025-04-12T00:00:00Z");
    const counts = await syncLeases(c.id, leases0416, "2025-04-16T00:00:00Z");
    expect(counts.removed).toBeGreaterThan(0);
    // Every change, as CSV (no limit): the list as a reader downloads it.
    const csv = await (await call(`/v1/changes?commission=${c.slug}&format=csv`)).text();
    const data = parse(csv, { columns: true }) as Change[];
    expect(data.length).toBeGreaterThan(676);
    // Newest first by when the source showed it: the 04-16 list's removals and edits, then the
    // 04-12 list's new claims; written today, dated April 2025.
    const dates = data.map((d) => d.changed_at.slice(0, 10));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(dates)).toEqual(new Set(["2025-04-16", "2025-04-12"]));
    // Each claim of the 04-12 list is new on 04-12; those first listed on 04-16, on 04-16.
    const newOn = (day: string) =>
      data.filter((d) => d.what === "new" && d.changed_at.startsWith(day)).length;
    expect(newOn("2025-04-12")).toBe(leases(leases0412).length);
    expect(newOn("2025-04-12") + newOn("2025-04-16")).toBe(
      data.filter((d) => d.what === "new").length,
    );
    expect(data.find((d) => d.what === "removed")?.changed_at).toMatch(/^2025-04-16/);
    expect(data[0]?.recorded_at.slice(0, 4)).not.toBe("2025");
    const feed = await (await call(`/feeds/changes.json?commission=${c.slug}`)).json();
    const first = (feed as { items: { date_published: string }[] }).items[0];
    expect(first?.date_published).toMatch(/^2025-04-16/);
  });

  it("changes the pool, and removes no claim, when the source edits 'Unavailable' receipts", async () => {
    const c = await makeCommission(db);
    const list = JSON.parse(contracts0416) as Record<string, unknown>[];
    const syncContracts = (items: unknown[], seenAt: string) =>
      sync(c.id, receiptsToDrafts("contracts", items), seenAt);
    await syncContracts(list, "2025-04-16T00:00:00Z");
    // DOGE edits the values of some withheld receipts, re-dates one, drops one and adds two.
    let edits = 0;
    const edited = list.flatMap((r) => {
      if (r.piid !== "Unavailable" || edits >= 40) return [r];
      edits += 1;
      if (edits === 1) return [];
      if (edits === 2) return [r, { ...r, savings: 1000 }, { ...r, savings: 500.5 }];
      if (edits === 3) return [{ ...r, deleted_date: "5/1/2025" }];
      return [{ ...r, savings: Number(r.savings) + 1 }];
    });
    const counts = await syncContracts(edited, "2025-05-04T00:00:00Z");
    expect(counts.removed).toBe(0);
    expect(counts.inserted).toBe(0);
    const [pool] = await db
      .select()
      .from(proposals)
      .where(
        and(
          eq(proposals.commissionId, c.id),
          sql`${proposals.naturalKey} like 'contract:pool:UNAVAILABLE:%'`,
        ),
      )
      .orderBy(sql`${proposals.receiptCount} desc`)
      .limit(1);
    const versions = await versionsOf(pool?.id ?? 0);
    const last = versions.at(-1);
    // One receipt gone, two new: +1; 37 edited by +$1 each, +$1,000 and +$500.50, minus the one
    // dropped.
    expect(last?.reason).toMatch(
      /^pool changed at source: \+1 receipts \(\d[\d,]* → \d[\d,]*\), [+−]\$[\d,]+\.\d\d claimed$/,
    );
    expect(last?.observedAt).toMatch(/^2025-05-04/);
    expect(Object.keys(last?.changedFields ?? {}).sort()).toEqual(
      ["claimedSavings", "claimedValue", "receiptCount", "receiptDates"].sort(),
    );
  });

  it("refuses a snapshot older than one already synced, and changes nothing", async () => {
    const c = await makeCommission(db);
    await syncLeases(c.id, leases0416, "2025-04-16T00:00:00Z");
    const before = await rowsOf(c.id);
    await expect(syncLeases(c.id, leases0412, "2025-04-12T00:00:00Z")).rejects.toThrow(
      /before the newest one already synced/,
    );
    expect(await rowsOf(c.id)).toEqual(before);
  });
});

describe("an editor's correction of a source-backed claim", () => {
  /** The correction as an editor makes it: PATCH through the API, If-Match the current version. */
  async function correct(id: number, body: Record<string, unknown>) {
    const editor = await makeKey(db);
    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    const res = await call(`/v1/proposals/${id}`, {
      method: "PATCH",
      headers: jsonWith(editor.auth, { "If-Match": `"v${row?.version}"` }),
      body: JSON.stringify({ ...body, reason: "the FPDS record says otherwise" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await res.text();
  }

  const claim = (savings: number, vendor = "ACME LLC") =>
    receiptsToDrafts("contracts", [contract("K1", savings, { vendor })]);

  it("survives syncs where the source did not change that field", async () => {
    const c = await makeCommission(db);
    await sync(c.id, claim(8_000_000_000), "2025-04-12T00:00:00Z");
    const [row] = await rowsOf(c.id);
    await correct(row?.id ?? 0, { claimed_savings: "8000000.00" });

    // The same list again: nothing changes, the correction stands.
    expect(await sync(c.id, claim(8_000_000_000), "2025-04-13T00:00:00Z")).toMatchObject({
      changed: 0,
    });
    // The source renames the vendor: that field follows the source, the correction stands.
    await sync(c.id, claim(8_000_000_000, "ACME Holdings LLC"), "2025-04-14T00:00:00Z");
    const [after] = await rowsOf(c.id);
    expect(after).toMatchObject({ claimedSavings: "8000000.00", recipient: "ACME Holdings LLC" });
    const last = (await versionsOf(after?.id ?? 0)).at(-1);
    expect(last?.changedFields).toEqual({
      recipient: { old: "ACME LLC", new: "ACME Holdings LLC" },
    });
  });

  it("is kept when the source changes that field too, and the source's new value is recorded", async () => {
    const c = await makeCommission(db);
    await sync(c.id, claim(8_000_000_000), "2025-04-12T00:00:00Z");
    const [row] = await rowsOf(c.id);
    const id = row?.id ?? 0;
    await correct(id, { claimed_savings: "8000000.00" });

    // The source quietly changes its claim again: reporters must see it, the row keeps the fix.
    expect(await sync(c.id, claim(7_500_000_000), "2025-04-13T00:00:00Z")).toMatchObject({
      changed: 1,
    });
    const [after] = await rowsOf(c.id);
    expect(after?.claimedSavings).toBe("8000000.00");
    const last = (await versionsOf(id)).at(-1);
    expect(last?.actor).toBe("source:doge");
    expect(last?.changedFields).toEqual({
      claimedSavingsAtSource: { old: "8000000000", new: "7500000000" },
    });
    expect(last?.reason).toContain("an editor's correction of claimed_savings is kept");
    const changes = await json<{ data: { proposal_id: number; what: string }[] }>(
      await call(`/v1/changes?commission=${c.slug}`),
    );
    expect(changes.data[0]).toMatchObject({ proposal_id: id, what: "changed" });
    // The record says what the source says, and which fields an editor corrected.
    const source = await call(`/v1/proposals/${id}/source`);
    expect(source.status).toBe(200);
    expect((await json<{ data: unknown }>(source)).data).toMatchObject({
      proposal_id: id,
      source: "doge",
      values: { claimed_savings: "7500000000", piid: "K1", recipient: "ACME LLC" },
      corrected: ["claimed_savings"],
    });

    // An editor who sets the field back to what the source says hands it back to the source.
    await correct(id, { claimed_savings: "7500000000.00" });
    await sync(c.id, claim(7_000_000_000), "2025-04-14T00:00:00Z");
    expect((await rowsOf(c.id))[0]?.claimedSavings).toBe("7000000000");
    const handedBack = await json<{ data: { corrected: string[] } }>(
      await call(`/v1/proposals/${id}/source`),
    );
    expect(handedBack.data.corrected).toEqual([]);
  });

  it("of the agency is not undone by the job's matching of agency names", async () => {
    const c = await makeCommission(db);
    // The sync, then the alias match, as the job runs them.
    const syncAndMatch = async (agency: string, seenAt: string) => {
      await sync(c.id, receiptsToDrafts("contracts", [contract("M1", 10, { agency })]), seenAt);
      await assignAgencyCodes(db, { commissionId: c.id });
      return (await rowsOf(c.id))[0];
    };
    const first = await syncAndMatch("Department of Education", "2025-04-12T00:00:00Z");
    expect(first?.agencyCode).toBe("091");
    // The claim names Education, but the record shows Agriculture let the contract.
    await correct(first?.id ?? 0, { agency_code: "012" });
    const again = await syncAndMatch("Department of Education", "2025-04-13T00:00:00Z");
    expect(again?.agencyCode).toBe("012");
    // When the source itself names another agency, the claim is matched afresh.
    const renamed = await syncAndMatch("Department of Agriculture", "2025-04-14T00:00:00Z");
    expect(renamed).toMatchObject({ agencyName: "Department of Agriculture", agencyCode: "012" });
    const back = await syncAndMatch("Department of Education", "2025-04-15T00:00:00Z");
    expect(back?.agencyCode).toBe("091");
  });

  it("of the agency, as the job matches it, is in the claim's versions", async () => {
    const c = await makeCommission(db);
    await sync(
      c.id,
      receiptsToDrafts("contracts", [contract("V1", 10, { agency: "Department of Education" })]),
      "2025-04-12T00:00:00Z",
    );
    const [first] = await rowsOf(c.id);
    // A new claim is matched before its first version: that version holds the code.
    expect(first?.agencyCode).toBe("091");
    const [v1] = await versionsOf(first?.id ?? 0);
    expect(v1?.snapshot).toMatchObject({ agencyCode: "091" });

    // The source renames the agency: the sync clears the code and matches it afresh, and that
    // match is a version of its own saying who set the code and why, dated by the list.
    await sync(
      c.id,
      receiptsToDrafts("contracts", [contract("V1", 10, { agency: "Department of Agriculture" })]),
      "2025-04-13T00:00:00Z",
    );
    // Nothing is left for the job's own pass to match.
    expect(await assignAgencyCodes(db, { commissionId: c.id }, SOURCE_MATCH)).toBe(0);
    const [row] = await rowsOf(c.id);
    const versions = await versionsOf(row?.id ?? 0);
    const last = versions.at(-1);
    expect(row?.agencyCode).toBe("012");
    expect(row?.version).toBe(last?.version);
    expect(last).toMatchObject({
      actor: "job:agency-match",
      changedFields: { agencyCode: { old: null, new: "012" } },
    });
    expect(last?.snapshot).toMatchObject({ agencyCode: "012" });
    expect(new Date(last?.observedAt ?? 0).toISOString()).toBe("2025-04-13T00:00:00.000Z");
  });

  it("has no source values for a claim an editor entered by hand (404 problem)", async () => {
    const c = await makeCommission(db);
    const [row] = await db
      .insert(proposals)
      .values({
        commissionId: c.id,
        kind: "other",
        naturalKey: "hand:1",
        title: "By hand",
        source: "editor",
      })
      .returning();
    const res = await call(`/v1/proposals/${row?.id}/source`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await json<{ detail: string }>(res)).detail).toContain("by hand");
    expect((await call("/v1/proposals/999999999/source")).status).toBe(404);
  });
});

describe("a sync and an editor saving at the same time", () => {
  /** Until some statement waits on a row lock (the sync's UPDATE), or `ms` pass. */
  async function untilWaitingOnALock(tx: Pick<TestDb, "execute">, ms = 3000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      // A transaction sees one snapshot of the activity view unless told to take a new one.
      await tx.execute(sql`select pg_stat_clear_snapshot()`);
      const { rows } = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("never writes values read before the editor saved; the source's change lands next sync", async () => {
    const c = await makeCommission(db);
    const receipt = (savings: number) => receiptsToDrafts("contracts", [contract("R1", savings)]);
    await sync(c.id, receipt(100), "2025-04-12T00:00:00Z");
    const [row] = await rowsOf(c.id);
    const id = row?.id ?? 0;

    // The editor holds the row (as a PATCH does) while the sync reads it and tries to write it;
    // then saves a new title. On real Postgres the sync's UPDATE waits for the lock and then
    // finds the row at another version; the embedded database runs the sync after the editor's
    // transaction as a whole, so there the sync simply reads the edited row.
    const editor = testDb();
    const syncing = testDb();
    try {
      let running: ReturnType<typeof syncProposals> | undefined;
      await editor.db.transaction(async (tx) => {
        await tx.execute(sql`select id from proposals where id = ${id} for update`);
        running = syncProposals(syncing.db, {
          commissionId: c.id,
          kind: "contract",
          drafts: receipt(90),
          complete: true,
          seenAt: "2025-04-13T00:00:00Z",
          sources: [],
        });
        await untilWaitingOnALock(tx);
        await tx
          .update(proposals)
          .set({ title: "Retitled by an editor", version: sql`${proposals.version} + 1` })
          .where(eq(proposals.id, id));
      });
      await running;
    } finally {
      await editor.close();
      await syncing.close();
    }
    expect((await rowsOf(c.id))[0]?.title).toBe("Retitled by an editor");

    await sync(c.id, receipt(90), "2025-04-14T00:00:00Z");
    expect((await rowsOf(c.id))[0]).toMatchObject({
      title: "Retitled by an editor",
      claimedSavings: "90",
    });
    const fromSource = (await versionsOf(id)).filter((v) => v.actor === "source:doge");
    expect(fromSource.map((v) => Object.keys(v.changedFields))).toEqual([[], ["claimedSavings"]]);
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
