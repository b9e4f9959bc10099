import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import contractsText from "../../data/doge/contracts-2025-04-16.json?raw";
import leasesText from "../../data/doge/leases-2025-05-12.json?raw";
import { testDb } from "../helpers/db.ts";

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

  it("tracks the 3,252 'Unavailable' USAID receipts as counted groups, not individuals", async () => {
    const result = await db.execute<{ groups: string; receipts: string }>(sql`
      select count(*)::text as groups, sum(receipt_count)::text as receipts
      from proposals p join commissions c on c.id = p.commission_id
      where c.slug = 'doge' and natural_key like 'contract:group:UNAVAILABLE:%'
        and removed_from_source_at is null`);
    expect(Number(result.rows[0]?.receipts)).toBe(3252);
    expect(Number(result.rows[0]?.groups)).toBeLessThan(3252);
  });

  it("seeds the commission's leaders, each with a source", async () => {
    const result = await db.execute<{ name: string; sources: { url: string }[] }>(sql`
      select m.name, m.sources from members m join commissions c on c.id = m.commission_id
      where c.slug = 'doge' order by m.name`);
    expect(result.rows.map((r) => r.name)).toContain("Elon Musk");
    for (const row of result.rows) expect(row.sources[0]?.url).toMatch(/^https:\/\//);
  });
});
