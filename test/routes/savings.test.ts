import Big from "big.js";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { makeProposals, twoAgencies } from "../helpers/proposals.ts";

type Measures = {
  claims: number;
  claimed_as_published: string;
  claimed: string;
  verified_low: string;
  verified_high: string;
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
      claims: 4,
      claimed_as_published: "600.15",
      claimed: "300.15",
      verified_low: "120.00",
      verified_high: "150.00",
      not_assessed: 1,
    });
    expect(body.data[0]?.by_status).toEqual({
      supported: { claims: 1, claimed: "100.00" },
      overstated: { claims: 1, claimed: "200.10" },
      duplicate: { claims: 1, claimed: "300" },
      not_assessed: { claims: 1, claimed: "0.05" },
    });
    expect(body.methodology_version).toBeTruthy();
    expect(body.freshness).toHaveProperty("assessments");
  });

  it("comes as CSV, with an ETag and a 304 on repeat", async () => {
    const res = await call(`/v1/savings/summary?commission=${slug}&format=csv`);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ commission: slug, claimed: "300.15", verified_high: "150.00" });
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
    expect(body.data.reduce((n, r) => n + r.claims, 0)).toBe(4);
  });
});

describe("GET /v1/savings/by-month", () => {
  it("rolls up per month of the claim, undated claims last", async () => {
    const body = await json<Body<{ month: string | null }>>(
      await call(`/v1/savings/by-month?commission=${slug}`),
    );
    expect(body.data.map((r) => [r.month, r.claims])).toEqual([
      ["2025-02", 2],
      ["2025-03", 1],
      [null, 1],
    ]);
  });
});

describe("savings totals, for any set of claims", () => {
  it("count each award once and each claim at most up to what it claims", async () => {
    const claim = fc.record({
      award: fc.constantFrom("A", "B", "C", null),
      claimed: fc.integer({ min: 0, max: 1_000_000 }),
      low: fc.integer({ min: 0, max: 2_000_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(claim, { minLength: 1, maxLength: 6 }), async (claims) => {
        // The assessment a claim gets: a later claim of an award already claimed is a duplicate.
        const seen = new Set<string>();
        const drafts = claims.map((c) => {
          const duplicate = c.award !== null && seen.has(c.award);
          if (c.award) seen.add(c.award);
          const low = String(c.low / 100);
          return {
            piid: c.award,
            claimedSavings: String(c.claimed / 100),
            assessment: duplicate
              ? { status: "duplicate" as const, low: null, high: null }
              : { status: "supported" as const, low, high: low },
          };
        });
        const { slug: own } = await makeProposals(db, drafts);
        const [row] = (
          await json<Body<object>>(await call(`/v1/savings/summary?commission=${own}`))
        ).data;
        const counted = claims.filter((_, i) => drafts[i]?.assessment.status !== "duplicate");
        // Compared as exact decimals: integer cents on one side, the API's decimal text on the other.
        const dollars = (cents: number) => new Big(cents).div(100);
        const claimed = counted.reduce((sum, c) => sum + c.claimed, 0);
        const low = counted.reduce((sum, c) => sum + Math.min(c.claimed, c.low), 0);
        expect(new Big(row?.claimed ?? "-1").eq(dollars(claimed))).toBe(true);
        expect(new Big(row?.verified_low ?? "-1").eq(dollars(low))).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
