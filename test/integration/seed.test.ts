import Big from "big.js";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import contractsText from "../../data/doge/contracts-2025-04-16.json?raw";
import leasesText from "../../data/doge/leases-2025-05-12.json?raw";
import { awardIdOf } from "../../db/queries/awards.ts";
import { testDb } from "../helpers/db.ts";
import { texts } from "../helpers/html.ts";
import { call, json } from "../helpers/http.ts";

/** Σ savings of a snapshot, in cents, read from the file's own text (no float anywhere). */
function sourceTotalCents(text: string): bigint {
  let cents = 0n;
  for (const m of text.matchAll(/"savings":\s*(-?)(\d+)(?:\.(\d+))?/g)) {
    const value = BigInt(m[2] ?? "0") * 100n + BigInt(`${m[3] ?? ""}00`.slice(0, 2));
    cents += m[1] ? -value : value;
  }
  return cents;
}

const { db, close } = testDb();
afterAll(() => close());

async function liveTotal(kind: "contract" | "lease") {
  const result = await db.execute<{ cents: string; receipts: string }>(sql`
    select (sum(claimed_savings) * 100)::numeric(30,0)::text as cents, sum(receipt_count)::text as receipts
    from proposals p join commissions c on c.id = p.commission_id
    where c.slug = 'doge' and p.kind = ${kind} and p.removed_from_source_at is null`);
  return result.rows[0];
}

describe("the seed", () => {
  it("holds every receipt of the newest contracts snapshot, summing to the source total to the cent", async () => {
    const total = await liveTotal("contract");
    expect(BigInt(total?.cents ?? "0")).toBe(sourceTotalCents(contractsText));
    expect(Number(total?.receipts)).toBe((JSON.parse(contractsText) as unknown[]).length);
  });

  it("holds every receipt of the newest leases snapshot, summing to the source total to the cent", async () => {
    const total = await liveTotal("lease");
    expect(BigInt(total?.cents ?? "0")).toBe(sourceTotalCents(leasesText));
    expect(Number(total?.receipts)).toBe((JSON.parse(leasesText) as unknown[]).length);
  });

  it("keeps the receipts silently dropped between snapshots, flagged as removed", async () => {
    const result = await db.execute<{ removed: string }>(sql`
      select count(*)::text as removed from proposals p join commissions c on c.id = p.commission_id
      where c.slug = 'doge' and kind = 'lease' and removed_from_source_at is not null`);
    expect(Number(result.rows[0]?.removed)).toBeGreaterThan(0);
  });

  it("tracks the 3,252 'Unavailable' USAID receipts as one pool, not as individuals", async () => {
    const result = await db.execute<{ pools: string; receipts: string; dated: string }>(sql`
      select count(*)::text as pools, sum(p.receipt_count)::text as receipts,
        sum((select sum((d.value->>'receipts')::int) from jsonb_each(p.receipt_dates) d))::text
          as dated
      from proposals p join commissions c on c.id = p.commission_id
      where c.slug = 'doge' and p.natural_key like 'contract:pool:UNAVAILABLE:%'
        and p.removed_from_source_at is null and p.retracted_at is null`);
    expect(Number(result.rows[0]?.receipts)).toBe(3252);
    expect(Number(result.rows[0]?.dated)).toBe(3252);
    expect(Number(result.rows[0]?.pools)).toBeLessThan(5);
  });

  it("reports no 'Unavailable' receipt removed between the archived lists", async () => {
    const result = await db.execute<{ removed: string }>(sql`
      select count(*)::text as removed from proposals p join commissions c on c.id = p.commission_id
      where c.slug = 'doge' and p.natural_key like 'contract:pool:%'
        and p.removed_from_source_at is not null`);
    expect(Number(result.rows[0]?.removed)).toBe(0);
  });

  it("loads the award records the archived lists carry, saying where each comes from", async () => {
    const result = await db.execute<{ awards: string; source: string; txs: string }>(sql`
      select count(*)::text as awards, min(a.raw->'archived'->>'source') as source,
        (select count(*) from award_transactions t join awards b on b.id = t.award_pk
          where b.raw ? 'archived' and b.award_id like 'CONT_AWD_%')::text as txs
      from awards a where a.raw ? 'archived' and a.award_id like 'CONT_AWD_%'`);
    // (The contracts' FPDS records each carry their modification; the archived grant records,
    // USAspending award summaries, carry no transaction.)
    const row = result.rows[0];
    expect(Number(row?.awards)).toBeGreaterThan(1000);
    expect(Number(row?.txs)).toBeGreaterThanOrEqual(Number(row?.awards));
    expect(row?.source).toMatch(
      /^FPDS record of the linked modification, as archived on 2025-04-04/,
    );
  });

  it("assesses the seeded claims against them: verdicts with no network, few dollars verified", async () => {
    const { data } = await json<{ data: Record<string, string>[] }>(
      await call("/v1/savings/summary?commission=doge"),
    );
    const t = data[0] ?? {};
    const claimed = new Big(t.claimed ?? "0");
    expect(new Big(t.claimed_checkable ?? "0").gt(0)).toBe(true);
    expect(new Big(t.taken_back ?? "0").gt(0), `taken back ${t.taken_back}`).toBe(true);
    // A small share: the records show little of the claims, and no unchecked claim counts.
    expect(new Big(t.not_ruled_out ?? "0").div(claimed).lt(0.2), `${t.not_ruled_out}`).toBe(true);
    // The dollars that name no award, computed a second way: by hand over the claims' fields.
    const hand = await db.execute<{ none: string; nothing: string }>(sql`
      select coalesce(sum(p.claimed_savings), 0)::text as none,
        coalesce(sum(p.claimed_savings) filter (where p.kind = 'lease'
          or p.natural_key ~ '^[a-z]+:pool:' or coalesce(p.piid, p.fain, p.recipient) is null),
          0)::text as nothing
      from proposals p join commissions c on c.id = p.commission_id
      where c.slug = 'doge' and p.removed_from_source_at is null and p.retracted_at is null
        and p.claimed_savings > 0
        and (p.kind = 'lease' or (p.kind = 'contract' and (p.piid is null
          or p.contracting_agency_id is null)) or (p.kind = 'grant' and p.award_id is null))`);
    const [names] = hand.rows;
    const unverifiable = new Big(t.claimed_unverifiable ?? "-1");
    // Of them, only what names nothing to search by is unverifiable; the rest is not yet checked.
    expect(unverifiable.eq(names?.nothing ?? "0"), `${unverifiable} ${names?.nothing}`).toBe(true);
    const unchecked = unverifiable.plus(t.claimed_not_yet_checked ?? "0");
    expect(unchecked.eq(names?.none ?? "0"), `${unchecked} ${names?.none}`).toBe(true);
    // The seed's contracts that name a PIID but no link: unchecked, not uncheckable.
    expect(new Big(t.claimed_not_yet_checked ?? "0").gt(0), JSON.stringify(t)).toBe(true);
    expect(unverifiable.gt("10000000000"), `${unverifiable}`).toBe(true);
  });

  it("shows on a claim's page which archived record its verdict rests on", async () => {
    const result = await db.execute<{ id: number }>(sql`
      select p.id::int as id from proposals p join commissions c on c.id = p.commission_id
      join awards a on a.award_id = ${awardIdOf("p")} and a.raw ? 'archived'
      where c.slug = 'doge' and p.claimed_savings > 0 order by p.id limit 1`);
    const id = result.rows[0]?.id;
    const res = await call(`/proposals/${id}`, { headers: { Accept: "text/html" } });
    const facts = await texts(await res.text(), "dl.facts dd");
    expect(facts.join(" | ")).toContain(
      "FPDS record of the linked modification, as archived on 2025-04-04",
    );
  });

  it("seeds the commission's leaders, each with a source", async () => {
    const result = await db.execute<{ name: string; sources: { url: string }[] }>(sql`
      select m.name, m.sources from members m join commissions c on c.id = m.commission_id
      where c.slug = 'doge' order by m.name`);
    expect(result.rows.map((r) => r.name)).toContain("Elon Musk");
    for (const row of result.rows) expect(row.sources[0]?.url).toMatch(/^https:\/\//);
  });
});
