import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import dogeListCsv from "../../data/fpds/doge-contracts-2025-03-05.csv?raw";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { awardIdOf, saveArchivedAwards } from "../../db/queries/awards.ts";
import { awards, awardTransactions, proposals } from "../../db/schema/index.ts";
import type { ProposalDraft } from "../../worker/domain/draft.ts";
import { refreshAward } from "../../worker/jobs/awards/refresh.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import {
  BudgetExhausted,
  SubrequestBudget,
  UpstreamError,
} from "../../worker/jobs/sources/http.ts";
import { makeCommission, testDb } from "../helpers/db.ts";

// These tests call the awards step's work on one award (`refreshAward`) for keys of their own,
// not the cron: runs take the pipeline lock (see test/helpers/jobs.ts), and a run would fetch other
// claims' awards too. A claim is added only once its award is stored, so the job's queue never
// holds it unfetched, and retracted (not deleted: the assess step may have assessed it) at the
// end, when the awards these tests stored are deleted.
const { db, close } = testDb();
const USASPENDING = env.USASPENDING_API_URL ?? "";
const stored: string[] = [];
const claims: number[] = [];
afterAll(async () => {
  if (claims.length) {
    await db
      .update(proposals)
      .set({ retractedAt: sql`now()`, retractionReason: "test over" })
      .where(inArray(proposals.id, claims));
  }
  if (stored.length) await db.delete(awards).where(inArray(awards.awardId, stored));
  await close();
});

const policy = (max = 10) => ({
  budget: new SubrequestBudget(max),
  timeoutMs: 2000,
  retries: 1,
  baseDelayMs: 1,
  maxDelayMs: 50,
});

type Row = Record<string, string>;
const records = parse(fpdsCsv, { columns: true, bom: true }) as Row[];
const dogeList = parse(dogeListCsv, { columns: true, bom: true }) as Row[];
const linkOf = (text: string | undefined) =>
  text?.startsWith("http") ? new URL(text).searchParams : null;

/**
 * Real cases: DOGE's links to task orders leave the parent vehicle's agency blank; where the
 * vehicle's own record is in the FPDS file, its agency is the missing part, and the USAspending
 * stand-in serves the order under the full key only.
 */
const vehicleAgency = new Map<string, string>();
for (const r of records) {
  const l = linkOf(r.LINK);
  if (l?.get("contractType") === "IDV") {
    vehicleAgency.set(l.get("PIID") ?? "", l.get("agencyID") ?? "");
  }
}
const cases = dogeList.flatMap((row) => {
  const l = linkOf(row.LINK);
  const parent = l?.get("idvPIID");
  const parentAgency = parent ? vehicleAgency.get(parent) : undefined;
  if (!l || !parent || l.get("idvAgencyID") || !parentAgency) return [];
  const [piid, agency] = [l.get("PIID") ?? "", l.get("agencyID") ?? ""];
  return [
    { row, piid, agency, parent, full: `CONT_AWD_${piid}_${agency}_${parent}_${parentAgency}` },
  ];
});

/** Real cases no other claim in the database names, so their award rows are this file's own. */
async function unclaimedCases(n: number) {
  const piids = cases.map((c) => c.piid);
  const taken = await db
    .select({ piid: proposals.piid })
    .from(proposals)
    .where(inArray(proposals.piid, piids));
  const free = cases.filter((c) => !taken.some((t) => t.piid === c.piid)).slice(0, n);
  if (free.length < n) throw new Error(`fewer than ${n} unclaimed task orders in the FPDS file`);
  return free;
}

/** The key the job fetches for a claim: awardIdOf, the SQL the job's queue uses. */
async function keyOf(d: Pick<ProposalDraft, "piid" | "contractingAgencyId" | "parentPiid">) {
  const r = await db.execute<{ award_id: string }>(sql`
    select ${awardIdOf("p")} as award_id
    from (values ('contract', ${d.piid}::text, ${d.contractingAgencyId}::text,
      ${d.parentPiid}::text, null::text, null::text))
      as p(kind, piid, contracting_agency_id, parent_piid, parent_agency_id, award_id)`);
  const key = r.rows[0]?.award_id ?? "";
  stored.push(key);
  return key;
}

/** What the step stored of the award besides its columns. */
const rawOf = (award: { raw: unknown } | undefined) => (award?.raw ?? {}) as Raw;

async function awardOf(key: string) {
  const [award] = await db.select().from(awards).where(eq(awards.awardId, key));
  return award;
}

type Raw = {
  generated_unique_award_id?: string;
  resolved_award_id: string | null;
  award_search: { outcome: string; matches: string[]; results: string[]; group: string };
};

/** A stand-in serving, beside the FPDS awards, these awards of the test's own. */
async function scenario(list: { award: Record<string, unknown>; transactions?: unknown[] }[]) {
  const res = await fetch(`${USASPENDING}/__scenarios`, {
    method: "POST",
    body: JSON.stringify({ awards: list }),
  });
  const { prefix } = (await res.json()) as { prefix: string };
  return {
    url: `${USASPENDING}${prefix}`,
    drop: async () => {
      const id = prefix.split("/").at(-1);
      await (await fetch(`${USASPENDING}/__scenarios/${id}`, { method: "DELETE" })).text();
    },
  };
}

function orderAward(id: string, piid: string, parent: string, type = "C") {
  return {
    id: Math.floor(Math.random() * 2 ** 31),
    generated_unique_award_id: id,
    piid,
    category: "contract",
    type,
    total_obligation: 1000,
    parent_award: parent ? { piid: parent } : null,
  };
}

const randomPiid = (prefix: string) =>
  `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;

describe("the awards step's PIID search", () => {
  it("finds a task order whose DOGE link leaves the parent agency blank, and stores it under the claim's key", async () => {
    const [found] = await unclaimedCases(1);
    if (!found) throw new Error("no real case");
    // The claim as the job makes it from DOGE's receipt (the 2025-03-05 list states no savings).
    const [draft] = receiptsToDrafts("contracts", [
      {
        piid: found.piid,
        agency: found.row.AGENCY,
        description: found.row.DESCRIPTION,
        fpds_link: found.row.LINK,
        savings: 0,
      },
    ]);
    if (!draft) throw new Error("no draft");
    expect(draft).toMatchObject({ parentPiid: found.parent, parentAgencyId: null, awardId: null });
    const key = await keyOf(draft);
    expect(key).toBe(`CONT_AWD_${found.piid}_${found.agency}_${found.parent}_-NONE-`);
    const direct = await fetch(`${USASPENDING}/api/v2/awards/${key}/`);
    expect(direct.status).toBe(404);
    await direct.text();

    const p = policy();
    await refreshAward(db, USASPENDING, p, key);
    // The key's 404, the search, then the award it found and its transactions.
    expect(p.budget.used).toBe(4);
    const award = await awardOf(key);
    expect(award).toMatchObject({ status: "found", piid: found.piid, parentPiid: found.parent });
    const raw = rawOf(award);
    expect(raw.resolved_award_id).toBe(found.full);
    expect(raw.generated_unique_award_id).toBe(found.full);
    expect(raw.award_search).toMatchObject({ outcome: "resolved", matches: [found.full] });
    const txs = await db
      .select()
      .from(awardTransactions)
      .where(eq(awardTransactions.awardPk, award?.id ?? 0));
    const actions = records.filter((r) => {
      const l = linkOf(r.LINK);
      return l?.get("PIID") === found.piid && l.get("agencyID") === found.agency;
    });
    expect(txs).toHaveLength(actions.length);
    expect(txs.map((t) => t.modificationNumber).sort()).toEqual(
      actions.map((r) => r.MODIFICATION_NO).sort(),
    );

    // The claim joins on its own key, as every claim does.
    const commission = await makeCommission(db);
    const [claim] = await db
      .insert(proposals)
      .values({ ...draft, commissionId: commission.id, source: "doge" })
      .returning({ id: proposals.id });
    claims.push(claim?.id ?? 0);
    const joined = await db.execute<{ status: string }>(sql`
      select a.status from proposals p join awards a on a.award_id = ${awardIdOf("p")}
      where p.id = ${claim?.id ?? 0}`);
    expect(joined.rows).toEqual([{ status: "found" }]);
  });

  it("leaves a PIID the search finds under two parents not found, and says it is ambiguous", async () => {
    const piid = randomPiid("TESTO");
    const vehicle = randomPiid("TESTV");
    const twins = [
      `CONT_AWD_${piid}_9700_${vehicle}_9700`,
      `CONT_AWD_${piid}_9700_${vehicle}_4732`,
    ];
    const upstream = await scenario(twins.map((id) => ({ award: orderAward(id, piid, vehicle) })));
    try {
      const key = await keyOf({ piid, contractingAgencyId: "9700", parentPiid: vehicle });
      const p = policy();
      await refreshAward(db, upstream.url, p, key);
      expect(p.budget.used).toBe(2);
      const award = await awardOf(key);
      expect(award?.status).toBe("not_found");
      const raw = rawOf(award);
      expect(raw.resolved_award_id).toBeNull();
      expect(raw.award_search).toMatchObject({ outcome: "ambiguous", group: "contracts" });
      expect(raw.award_search.matches.sort()).toEqual([...twins].sort());
      expect(
        await db
          .select()
          .from(awardTransactions)
          .where(eq(awardTransactions.awardPk, award?.id ?? 0)),
      ).toEqual([]);
    } finally {
      await upstream.drop();
    }
  });

  it("leaves a PIID the search finds under another parent not found, with what it found", async () => {
    const piid = randomPiid("TESTO");
    const elsewhere = randomPiid("TESTV");
    const other = `CONT_AWD_${piid}_9700_${elsewhere}_9700`;
    const upstream = await scenario([{ award: orderAward(other, piid, elsewhere) }]);
    try {
      const key = await keyOf({
        piid,
        contractingAgencyId: "9700",
        parentPiid: randomPiid("TESTV"),
      });
      await refreshAward(db, upstream.url, policy(), key);
      const award = await awardOf(key);
      expect(award?.status).toBe("not_found");
      expect(rawOf(award).award_search).toMatchObject({
        outcome: "no_match",
        results: [other],
        matches: [],
      });
    } finally {
      await upstream.drop();
    }
  });

  it("keeps an archived record when the live lookup finds nothing, noting the lookup", async () => {
    const key = `CONT_AWD_ARCH${crypto.randomUUID().slice(0, 8).toUpperCase()}_9700_-NONE-_-NONE-`;
    stored.push(key);
    await saveArchivedAwards(db, [
      {
        capturedAt: "2025-04-04T21:41:00-04:00",
        award: { awardId: key, status: "found", totalObligation: "500.00", raw: { archived: {} } },
        transactions: [{ transactionKey: "A:P00001", federalActionObligation: "-50.00" }],
      },
    ]);
    await refreshAward(db, USASPENDING, policy(), key);
    const [award] = await db.select().from(awards).where(eq(awards.awardId, key));
    expect(award).toMatchObject({ status: "found", totalObligation: "500.00" });
    expect(award?.raw).toMatchObject({ archived: {}, live_lookup: { outcome: "no_match" } });
    const txs = await db
      .select()
      .from(awardTransactions)
      .where(eq(awardTransactions.awardPk, award?.id ?? 0));
    expect(txs).toHaveLength(1);
  });

  it("finds a vehicle claimed under a contract key through its CONT_IDV record", async () => {
    const piid = randomPiid("TESTV");
    const idv = `CONT_IDV_${piid}_9700`;
    const upstream = await scenario([
      {
        award: orderAward(idv, piid, "", "IDV_D"),
        transactions: [
          { id: `CONT_TX_${piid}_0`, action_date: "2025-02-20", modification_number: "0" },
        ],
      },
    ]);
    try {
      const key = await keyOf({ piid, contractingAgencyId: "9700", parentPiid: null });
      await refreshAward(db, upstream.url, policy(), key);
      const award = await awardOf(key);
      expect(award?.status).toBe("found");
      expect(rawOf(award).resolved_award_id).toBe(idv);
      expect(rawOf(award).award_search.group).toBe("idvs");
      const txs = await db
        .select()
        .from(awardTransactions)
        .where(eq(awardTransactions.awardPk, award?.id ?? 0));
      expect(txs.map((t) => t.transactionKey)).toEqual([`CONT_TX_${piid}_0`]);
    } finally {
      await upstream.drop();
    }
  });

  describe("changes nothing", () => {
    /** An award stored long ago as not found: what a failed refresh must leave as it is. */
    async function staleAward() {
      const [, found] = await unclaimedCases(2);
      if (!found) throw new Error("no second real case");
      const key = await keyOf({
        piid: found.piid,
        contractingAgencyId: found.agency,
        parentPiid: found.parent,
      });
      await db.delete(awards).where(eq(awards.awardId, key));
      await db.insert(awards).values({
        awardId: key,
        status: "not_found",
        fetchedAt: "2025-01-01T00:00:00Z",
        raw: null,
      });
      return key;
    }

    it.each([
      ["error", /HTTP 500/],
      ["rate-limited", /HTTP 429/],
      ["malformed", /not JSON/],
    ])("when the search is %s", async (mode, reason) => {
      const key = await staleAward();
      const before = await db.select().from(awards).where(eq(awards.awardId, key));
      const p = policy();
      const failed = await refreshAward(db, `${USASPENDING}/fault/${mode}`, p, key)
        .then(() => null)
        .catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(UpstreamError);
      expect((failed as Error).message).toMatch(/spending_by_award/);
      expect((failed as Error).message).toMatch(reason);
      expect(p.budget.used).toBeGreaterThanOrEqual(2); // the award's 404 came back fine first
      expect(await db.select().from(awards).where(eq(awards.awardId, key))).toEqual(before);
    });

    it("when the run's budget runs out between the award found and its transactions", async () => {
      const key = await staleAward();
      const before = await db.select().from(awards).where(eq(awards.awardId, key));
      const p = policy(3);
      await expect(refreshAward(db, USASPENDING, p, key)).rejects.toThrow(BudgetExhausted);
      expect(p.budget.used).toBe(3);
      expect(await db.select().from(awards).where(eq(awards.awardId, key))).toEqual(before);
      const txs = await db
        .select()
        .from(awardTransactions)
        .where(eq(awardTransactions.awardPk, before[0]?.id ?? 0));
      expect(txs).toEqual([]);
    });
  });
});
