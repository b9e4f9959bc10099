import { env } from "cloudflare:test";
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import dogeList from "../../data/doge/contracts-2025-04-16.json?raw";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { recordSearchedClaims, searchKeyOf } from "../../db/queries/award-search.ts";
import { awardsToFetch } from "../../db/queries/awards.ts";
import { assessments, awards, awardTransactions, proposals } from "../../db/schema/index.ts";
import { assessClaims } from "../../worker/jobs/assess/step.ts";
import { refreshAward } from "../../worker/jobs/awards/refresh.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { SubrequestBudget } from "../../worker/jobs/sources/http.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";

// Claims that name a PIID but no award (DOGE's receipts with no FPDS link), from the real list of
// 2025-04-16, searched through the USAspending stand-in, which answers from its archived records
// only. Each claim is the test commission's own; the award rows stored under their search keys
// are deleted, the claims retracted, at the end.
const { db, close } = testDb();
const USASPENDING = env.USASPENDING_API_URL ?? "";
const keys: string[] = [];
const claims: number[] = [];
afterAll(async () => {
  if (claims.length) {
    await db
      .update(proposals)
      .set({ retractedAt: sql`now()`, retractionReason: "test over" })
      .where(inArray(proposals.id, claims));
  }
  if (keys.length) {
    await db.delete(awards).where(inArray(awards.awardId, keys));
    // The seeded claims searched here are left as they were: not yet checked.
    for (const key of keys) await recordSearchedClaims(db, key);
    await assessClaims(db);
  }
  await close();
});

const policy = () => ({
  budget: new SubrequestBudget(10),
  timeoutMs: 5000,
  retries: 1,
  baseDelayMs: 1,
  maxDelayMs: 50,
});

type Receipt = { piid: string; agency: string; fpds_link: string; savings: number };
const receipts = JSON.parse(dogeList) as Receipt[];
const receipt = (piid: string) => {
  const r = receipts.find((x) => x.piid === piid);
  if (!r) throw new Error(`${piid} is not in the 2025-04-16 list`);
  return r;
};

/** The claim as the job makes it from the receipt, its agency matched (the matcher's own test). */
async function claimOf(piid: string, agencyCode: string) {
  const [draft] = receiptsToDrafts("contracts", [receipt(piid)]);
  if (!draft) throw new Error("no draft");
  expect(draft).toMatchObject({ piid, contractingAgencyId: null, awardId: null });
  const commission = await makeCommission(db);
  const [row] = await db
    .insert(proposals)
    .values({ ...draft, agencyCode, commissionId: commission.id, source: "doge" })
    .returning({ id: proposals.id, key: searchKeyOf("proposals") });
  if (!row?.key) throw new Error("the claim has no search key");
  claims.push(row.id);
  keys.push(row.key);
  return row as { id: number; key: string };
}

async function assessmentOf(id: number, version: string) {
  const [a] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.proposalId, id), eq(assessments.methodologyVersion, version)));
  return a;
}

describe("a claim that names a PIID but no award", () => {
  it("is not yet checked until searched; OPM's 47QFEA24K0008, never signed, ends not found with the search shown", async () => {
    // "NOT FOUND IN FPDS": a cancelled pre-award solicitation DOGE claimed $318,310,328 for.
    expect(receipt("47QFEA24K0008")).toMatchObject({
      fpds_link: "",
      savings: 318310328,
    });
    const claim = await claimOf("47QFEA24K0008", "024");
    expect(claim.key).toBe("search|piid|47QFEA24K0008|024");
    expect(await awardsToFetch(db, 100_000, 7)).toContain(claim.key);
    await assessClaims(db);
    expect(await assessmentOf(claim.id, "3")).toMatchObject({ status: "not_yet_checked" });

    const p = policy();
    await refreshAward(db, USASPENDING, p, claim.key);
    expect(p.budget.used).toBe(2); // orders and contracts, then vehicles: no direct fetch
    const [award] = await db.select().from(awards).where(eq(awards.awardId, claim.key));
    expect(award).toMatchObject({ status: "not_found" });
    expect(award?.raw).toMatchObject({
      resolved_award_id: null,
      award_search: {
        searched_by: "piid",
        query: { piid: "47QFEA24K0008", agency: "024" },
        groups: ["contracts", "idvs"],
        results: [],
        matches: [],
        outcome: "no_match",
      },
    });
    await assessClaims(db);
    const v3 = await assessmentOf(claim.id, "3");
    expect(v3).toMatchObject({ status: "not_found", verifiedLow: null, verifiedHigh: null });
    expect(v3?.evidence).toMatchObject({
      award_id: null,
      award_search: { query: { piid: "47QFEA24K0008" }, outcome: "no_match" },
    });
    // Version 2 is kept as it was: a claim naming no award is unverifiable there.
    expect(await assessmentOf(claim.id, "2")).toMatchObject({ status: "unverifiable" });
  });

  it("takes the one award the search finds as its evidence (HHS's 75N95024F00089)", async () => {
    const claim = await claimOf("75N95024F00089", "075");
    await refreshAward(db, USASPENDING, policy(), claim.key);
    const [award] = await db.select().from(awards).where(eq(awards.awardId, claim.key));
    const raw = award?.raw as { resolved_award_id: string; award_search: { matches: string[] } };
    // The order under its vehicle, as the stand-in keys it from the FPDS record.
    expect(raw.resolved_award_id).toMatch(/^CONT_AWD_75N95024F00089_7529_75N95021D00013_/);
    expect(raw.award_search.matches).toEqual([raw.resolved_award_id]);
    expect(award).toMatchObject({ status: "found", piid: "75N95024F00089" });
    // Its one FPDS action (the record states no totals): the base award's $697,468.16.
    const txs = await db
      .select()
      .from(awardTransactions)
      .where(eq(awardTransactions.awardPk, award?.id ?? 0));
    expect(txs.map((t) => [t.modificationNumber, t.federalActionObligation])).toEqual([
      ["0", "697468.16"],
    ]);

    await assessClaims(db);
    const v3 = await assessmentOf(claim.id, "3");
    expect([
      "supported",
      "unconfirmed",
      "unexercised_options",
      "fully_spent",
      "exceeds_record",
    ]).toContain(v3?.status);
    expect(v3?.evidence).toMatchObject({ award_id: raw.resolved_award_id });
    // `award_id=` finds the claim by the award its search found.
    const res = await call(`/v1/proposals?award_id=${raw.resolved_award_id}&limit=100`);
    expect(res.status).toBe(200);
    const body = await json<{ data: { id: number }[] }>(res);
    expect(body.data.map((d) => d.id)).toContain(claim.id);
  });

  it("is not found when the award the search finds is another agency's", async () => {
    // The same real PIID claimed under OPM's agency: the only award is HHS's.
    const claim = await claimOf("75N95024F00089", "024");
    await refreshAward(db, USASPENDING, policy(), claim.key);
    const [award] = await db.select().from(awards).where(eq(awards.awardId, claim.key));
    expect(award).toMatchObject({ status: "not_found" });
    const raw = (award?.raw ?? {}) as { award_search?: { results: string[]; matches: string[] } };
    const search = raw.award_search;
    expect(search?.results).toHaveLength(1);
    expect(search?.matches).toEqual([]);
  });
});

describe("every seeded claim that names a PIID but no award", () => {
  it("is found exactly when the raw FPDS file holds one award under its PIID, else not found", async () => {
    // A second way: the distinct awards (agency, PIID, parent) of each PIID in the raw file the
    // stand-in serves, read here with csv-parse alone (dev/check/claim-search.py does the same).
    const awardsOf = new Map<string, Set<string>>();
    for (const r of parse(fpdsCsv, { columns: true, bom: true }) as Record<string, string>[]) {
      const l = r.LINK?.startsWith("http") ? new URL(r.LINK).searchParams : null;
      const piid = l?.get("PIID")?.toUpperCase();
      if (!l || !piid) continue;
      const set = awardsOf.get(piid) ?? new Set<string>();
      set.add(`${l.get("agencyID")}/${l.get("idvPIID") ?? ""}`);
      awardsOf.set(piid, set);
    }
    const seeded = await db.execute<{ id: number; piid: string; claimed: string; key: string }>(sql`
      select p.id::int as id, p.piid, p.claimed_savings::text as claimed,
        ${searchKeyOf("p")} as key
      from proposals p join commissions c on c.id = p.commission_id
      where c.slug = 'doge' and p.removed_from_source_at is null and p.retracted_at is null
        and p.claimed_savings > 0 and ${searchKeyOf("p")} like 'search|piid|%'`);
    expect(seeded.rows.length).toBeGreaterThan(0);
    const searched = [...new Set(seeded.rows.map((r) => r.key))];
    keys.push(...searched);
    for (const key of searched) await refreshAward(db, USASPENDING, policy(), key);
    await assessClaims(db);
    let found = new Big(0);
    let expected = new Big(0);
    for (const c of seeded.rows) {
      const v3 = await assessmentOf(c.id, "3");
      const one = awardsOf.get(c.piid.toUpperCase())?.size === 1;
      if (one) expected = expected.plus(c.claimed);
      expect(v3?.status === "not_found", `${c.piid}: ${v3?.status}`).toBe(!one);
      if (v3?.status !== "not_found") found = found.plus(c.claimed);
      expect(v3?.status).not.toBe("not_yet_checked");
    }
    expect(found.eq(expected), `${found} against ${expected}`).toBe(true);
  });
});
