import Big from "big.js";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUSES_V3 } from "../../worker/savings/assess-v3.ts";
import { totalsOf } from "../../worker/savings/totals.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { makeProposals, twoAgencies } from "../helpers/proposals.ts";

type Measures = {
  claims: number;
  claimed_as_published: string;
  claimed: string;
  verified_low: string;
  verified_high: string;
  claimed_checkable: string;
  not_assessed: number;
};

const { db, close } = testDb();
afterAll(() => close());

let slug = "";
let agencyX = "";
beforeAll(async () => {
  const [x] = await twoAgencies(db);
  agencyX = x.code;
  ({ slug } = await makeProposals(db, [
    // Supported: the record covers it; counts up to its claim (100), not its bound (150).
    {
      agencyCode: agencyX,
      claimDate: "2025-02-03",
      claimedSavings: "100.00",
      assessment: { status: "supported", low: "120", high: "150" },
    },
    // Overstated: the record shows 20 taken back, 50 at most.
    {
      agencyCode: agencyX,
      claimDate: "2025-02-20",
      claimedSavings: "200.10",
      assessment: { status: "overstated", low: "20", high: "50" },
    },
    // A second claim of an award already claimed: counted once, i.e. not here.
    {
      claimDate: "2025-03-01",
      claimedSavings: "300",
      assessment: { status: "duplicate", low: null, high: null },
    },
    // Not assessed yet.
    { agencyName: "Unmatched Office", claimDate: null, claimedSavings: "0.05" },
    // Removed from the source: not a live claim.
    { claimedSavings: "999", removedFromSourceAt: "2025-05-01 00:00:00+00" },
    // A pool of unidentified receipts: no date of its own, spread by its receipts' dates.
    {
      naturalKey: `contract:pool:UNAVAILABLE:TEST-${crypto.randomUUID()}`,
      claimDate: null,
      claimedSavings: "70.00",
      receiptCount: 5,
      receiptDates: {
        "2025-02-10": { receipts: 1, savings: "10.00" },
        "2025-02-11": { receipts: 2, savings: "25.00" },
        "2025-04-01": { receipts: 1, savings: "30.00" },
        undated: { receipts: 1, savings: "5.00" },
      },
      assessment: { status: "unverifiable", low: null, high: null },
    },
  ]));
});

type Body<T> = { data: (Measures & T)[]; methodology_version: string; freshness: object };

describe("GET /v1/savings/summary", () => {
  it("sums claims against verified, each claim up to what it claims, duplicates once", async () => {
    const res = await call(`/v1/savings/summary?commission=${slug}`);
    const body = await json<Body<{ commission: string; by_status: Record<string, object> }>>(res);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      commission: slug,
      claims: 5,
      claimed_as_published: "670.15",
      claimed: "370.15",
      verified_low: "120.00",
      verified_high: "150.00",
      not_assessed: 1,
    });
    expect(body.data[0]?.by_status).toEqual({
      supported: { claims: 1, claimed: "100.00" },
      overstated: { claims: 1, claimed: "200.10" },
      duplicate: { claims: 1, claimed: "300" },
      not_assessed: { claims: 1, claimed: "0.05" },
      unverifiable: { claims: 1, claimed: "70.00" },
    });
    expect(body.methodology_version).toBeTruthy();
    expect(body.freshness).toHaveProperty("assessments");
  });

  it("comes as CSV, with an ETag and a 304 on repeat", async () => {
    const res = await call(`/v1/savings/summary?commission=${slug}&format=csv`);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    // Version 3's figures; version 2's deprecated verified_* stay out of the CSV header.
    expect(rows[0]).toMatchObject({ commission: slug, claimed: "370.15", not_ruled_out: "100.00" });
    expect(rows[0]).not.toHaveProperty("verified_high");
    const etag = res.headers.get("etag") ?? "";
    const again = await call(`/v1/savings/summary?commission=${slug}&format=csv`, {
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
    await again.text();
  });

  it("filters like the read API: by agency and kind", async () => {
    const byAgency = await json<Body<object>>(
      await call(`/v1/savings/summary?commission=${slug}&agency=${agencyX}`),
    );
    expect(byAgency.data[0]).toMatchObject({ claims: 2, claimed: "300.10" });
    const grants = await json<Body<object>>(
      await call(`/v1/savings/summary?commission=${slug}&kind=grant`),
    );
    expect(grants.data).toEqual([]);
  });

  it("rejects an unknown parameter and a bad value, naming them", async () => {
    const res = await call("/v1/savings/summary?colour=red");
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("colour");
    const bad = await call("/v1/savings/by-month?agency=USDA");
    expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("agency");
  });
});

describe("GET /v1/savings/by-agency", () => {
  it("rolls up per agency and lists unmatched source names instead of dropping them", async () => {
    const body = await json<Body<{ agency_code: string | null; agency_name: string | null }>>(
      await call(`/v1/savings/by-agency?commission=${slug}`),
    );
    const matched = body.data.find((r) => r.agency_code === agencyX);
    expect(matched).toMatchObject({ claims: 2, claimed: "300.10", verified_low: "120.00" });
    expect(body.data.find((r) => r.agency_name === "Unmatched Office")).toMatchObject({
      agency_code: null,
      claims: 1,
    });
    expect(body.data.reduce((n, r) => n + r.claims, 0)).toBe(5);
  });
});

describe("GET /v1/savings/by-month", () => {
  it("rolls up per month of the claim, undated claims last", async () => {
    const body = await json<Body<{ month: string | null }>>(
      await call(`/v1/savings/by-month?commission=${slug}`),
    );
    expect(body.data.map((r) => [r.month, r.claims, r.claimed_as_published])).toEqual([
      ["2025-02", 3, "335.10"],
      ["2025-03", 1, "300"],
      ["2025-04", 1, "30.00"],
      [null, 2, "5.05"],
    ]);
  });

  it("spreads a pool over its receipts' months: the months add up to the summary", async () => {
    const months = await json<Body<{ month: string | null; receipts: number }>>(
      await call(`/v1/savings/by-month?commission=${slug}`),
    );
    const summary = await json<Body<{ receipts: number }>>(
      await call(`/v1/savings/summary?commission=${slug}`),
    );
    const [total] = summary.data;
    const sum = (f: "claimed" | "claimed_as_published" | "verified_low" | "verified_high") =>
      months.data.reduce((n, r) => n.plus(r[f]), new Big(0)).toString();
    for (const f of ["claimed", "claimed_as_published", "verified_low", "verified_high"] as const) {
      expect([f, sum(f)]).toEqual([f, new Big(total?.[f] ?? "NaN").toString()]);
    }
    expect(months.data.reduce((n, r) => n + r.receipts, 0)).toBe(total?.receipts);
  });
});

describe("savings totals, for any set of claims", () => {
  const cents = (min: number, max: number) =>
    fc.integer({ min, max }).map((c) => new Big(c).div(100).toFixed(2));
  const bound = fc.option(cents(-1_000, 2_000_000), { nil: null });
  const claim = fc.record({
    // $0, negative and absent claims, bounds absent (NULL), zero or above the claim, any status
    // (null: not assessed), and duplicates.
    claimed: fc.option(fc.oneof(fc.constant("0.00"), cents(-500, 1_000_000)), { nil: null }),
    status: fc.option(fc.constantFrom(...STATUSES_V3), { nil: null }),
    low: bound,
    high: bound,
    potential: fc.option(cents(0, 100_000), { nil: null }),
    ceilingCut: fc.option(cents(0, 100_000), { nil: null }),
  });

  it("equal the pure rule's totals as exact decimals, whatever bounds are NULL", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(claim, { minLength: 1, maxLength: 8 }), async (claims) => {
        const { slug: own } = await makeProposals(
          db,
          claims.map((c) => ({
            claimedSavings: c.claimed,
            assessment: c.status ? { ...c, status: c.status } : undefined,
          })),
        );
        const body = await json<Body<{ by_status: Record<string, { claimed: string }> }>>(
          await call(`/v1/savings/summary?commission=${own}`),
        );
        // An unassessed claim has no assessment row: none of its generated amounts exist.
        const expected = totalsOf(
          claims.map((c) => ({
            claimed: c.claimed,
            status: c.status,
            verifiedLow: c.status ? c.low : null,
            verifiedHigh: c.status ? c.high : null,
            potentialAvoided: c.status ? c.potential : null,
            ceilingCut: c.status ? c.ceilingCut : null,
          })),
        );
        const row = body.data[0] as unknown as Record<string, string | number>;
        for (const [field, value] of Object.entries(expected)) {
          if (typeof value === "number") expect(row[field], field).toBe(value);
          else expect(new Big(row[field] ?? "NaN").eq(value), `${field}: ${row[field]}`).toBe(true);
        }
        // The verdicts' dollars add up to the claimed total as published.
        const byStatus = Object.values(body.data[0]?.by_status ?? {});
        const sum = byStatus.reduce((s, r) => s.plus(r.claimed), new Big(0));
        expect(sum.eq(expected.claimed_as_published)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it("verify nothing when no claim can be checked, however large the claims", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cents(0, 1_000_000_000), bound), { minLength: 1, maxLength: 5 }),
        async (claims) => {
          const { slug: own } = await makeProposals(
            db,
            claims.map(([claimed]) => ({
              claimedSavings: claimed,
              assessment: { status: "unverifiable" as const, low: null, high: null },
            })),
          );
          const [row] = (
            await json<Body<object>>(await call(`/v1/savings/summary?commission=${own}`))
          ).data;
          expect(row).toMatchObject({ verified_low: "0", verified_high: "0" });
          expect(new Big(row?.claimed_checkable ?? "-1").eq(0)).toBe(true);
        },
      ),
      { numRuns: 5 },
    );
  });
});
