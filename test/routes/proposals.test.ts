import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { addProposals, makeProposals, twoAgencies } from "../helpers/proposals.ts";

type Proposal = {
  id: number;
  claimed_savings: string | null;
  title: string;
  removed: boolean;
  first_seen_at: string;
  assessment: { status: string; methodology_version: string } | null;
};
type Page = { data: Proposal[]; next_cursor: string | null; total?: number };

const { db, close } = testDb();
afterAll(() => close());

// Five claims of a commission of this file's own, chosen so each filter and sort has a
// distinct answer. Index i in `ids` is claim i+1 below.
let slug = "";
let ids: number[] = [];
let agencyX = "";
let agencyY = "";

beforeAll(async () => {
  const [x, y] = await twoAgencies(db);
  agencyX = x.code;
  agencyY = y.code;
  ({ slug, ids } = await makeProposals(db, [
    {
      agencyCode: agencyX,
      agencyName: "Alpha Department",
      claimDate: "2025-02-01",
      claimedSavings: "100.00",
      recipient: "Acme Widgets LLC",
      piid: "PIIDA1",
      title: "Consulting on widgets",
      firstSeenAt: "2025-02-02 00:00:00+00",
    },
    {
      agencyCode: agencyY,
      agencyName: "Beta Department",
      status: "executed",
      claimDate: "2025-03-15",
      claimedSavings: "2500.50",
      recipient: "Beta Corp",
      piid: "PIIDB2",
      title: "Training services",
      firstSeenAt: "2025-03-16 00:00:00.000001+00",
      assessment: "overstated",
    },
    {
      kind: "grant",
      agencyCode: agencyX,
      agencyName: "Alpha Department",
      claimDate: "2025-04-01",
      claimedSavings: null,
      recipient: "Gamma University",
      fain: "FAIN3",
      awardId: "ASST_NON_FAIN3_012",
      title: "Research grant on solar cells",
      firstSeenAt: "2025-04-02 00:00:00+00",
      assessment: "supported",
    },
    {
      kind: "lease",
      agencyCode: agencyY,
      agencyName: "Beta Department",
      claimDate: null,
      claimedSavings: "999999.99",
      title: "Office lease in Denver",
      firstSeenAt: "2025-03-16 00:00:00+00",
      removedFromSourceAt: "2025-05-01 00:00:00+00",
    },
    {
      kind: "grant",
      agencyName: "Unmatched Office",
      claimDate: "2025-02-01",
      claimedSavings: "100",
      recipient: "acme foundation",
      title: "Widgets for schools",
      firstSeenAt: "2025-02-01 00:00:00+00",
    },
  ]));
});

/** The claims (as 1-based numbers) a query returns, in order, from one unpaged request. */
async function claims(query: string): Promise<number[]> {
  const res = await call(`/v1/proposals?commission=${slug}&limit=500&${query}`);
  expect(res.status).toBe(200);
  const body = await json<Page>(res);
  return body.data.map((p) => ids.indexOf(p.id) + 1);
}

describe("GET /v1/proposals filters", () => {
  it.each([
    ["kind=contract", [1, 2]],
    ["kind=grant", [3, 5]],
    ["status=executed", [2]],
    ["assessment_status=overstated", [2]],
    ["claim_date_from=2025-03-01", [2, 3]],
    ["claim_date_to=2025-02-28", [1, 5]],
    ["claim_date_from=2025-02-01&claim_date_to=2025-03-15", [1, 2, 5]],
    ["min_claimed_savings=2500.50", [2, 4]],
    ["max_claimed_savings=100", [1, 5]],
    ["min_claimed_savings=100.01&max_claimed_savings=2500.5", [2]],
    ["recipient=acme", [1, 5]],
    ["recipient=ACME%20WIDGETS", [1]],
    ["recipient=100%25", []],
    ["piid=piida1", [1]],
    ["fain=FAIN3", [3]],
    ["award_id=asst_non_fain3_012", [3]],
    ["q=widgets", [1, 5]],
    ["q=solar%20-lease", [3]],
    ["q=%22office%20lease%22", [4]],
    ["removed=true", [4]],
    ["removed=false", [1, 2, 3, 5]],
    ["removed=any", [1, 2, 3, 4, 5]],
  ])("%s", async (query, expected) => {
    expect(await claims(query)).toEqual(expected);
  });

  it("filters by agency code", async () => {
    expect(await claims(`agency=${agencyX}`)).toEqual([1, 3]);
    expect(await claims(`agency=${agencyY}&kind=lease`)).toEqual([4]);
  });

  it("shows removed claims by default, flagged", async () => {
    const body = await json<Page>(await call(`/v1/proposals?commission=${slug}`));
    expect(body.data.map((p) => p.removed)).toEqual([false, false, false, true, false]);
  });

  it("puts the current assessment inline, null where there is none", async () => {
    const body = await json<Page>(await call(`/v1/proposals?commission=${slug}`));
    expect(body.data.map((p) => p.assessment?.status ?? null)).toEqual([
      null,
      "overstated",
      "supported",
      null,
      null,
    ]);
    expect(body.data[1]?.assessment).toMatchObject({ verified_low: "0", verified_high: "10" });
  });

  it("counts the matching rows only when asked", async () => {
    const without = await json<Page>(await call(`/v1/proposals?commission=${slug}&limit=1`));
    expect(without.total).toBeUndefined();
    const counted = await json<Page>(
      await call(`/v1/proposals?commission=${slug}&kind=grant&limit=1&count=true`),
    );
    expect(counted.total).toBe(2);
    expect(counted.data).toHaveLength(1);
  });
});

describe("GET /v1/proposals sorting", () => {
  it.each([
    ["id", [1, 2, 3, 4, 5]],
    ["-id", [5, 4, 3, 2, 1]],
    // Ties break on the id; claims with no amount or date come last both ways.
    ["claimed_savings", [1, 5, 2, 4, 3]],
    ["-claimed_savings", [4, 2, 5, 1, 3]],
    ["claim_date", [1, 5, 2, 3, 4]],
    ["-claim_date", [3, 2, 5, 1, 4]],
    ["first_seen_at", [5, 1, 4, 2, 3]],
    ["-first_seen_at", [3, 2, 4, 1, 5]],
    ["agency", [1, 3, 2, 4, 5]],
    ["-agency", [5, 4, 2, 3, 1]],
  ])("sort=%s, whole and one row per page alike", async (sort, expected) => {
    expect(await claims(`sort=${sort}`)).toEqual(expected);
    const paged: number[] = [];
    let next: string | null = `/v1/proposals?commission=${slug}&sort=${sort}&limit=1`;
    while (next) {
      const res: Response = await call(next);
      const body = await json<Page>(res);
      paged.push(...body.data.map((p) => ids.indexOf(p.id) + 1));
      next = res.headers.get("link")?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
      expect(next === null).toBe(body.next_cursor === null);
    }
    expect(paged).toEqual(expected);
  });
});

describe("GET /v1/proposals paging", () => {
  it("walks the whole seeded list by cursor with no row missed or repeated", async () => {
    const first = await json<Page>(await call("/v1/proposals?limit=1&count=true"));
    const seen = new Set<number>();
    let pages = 0;
    let url: string | null = "/v1/proposals?sort=-claimed_savings&limit=500";
    while (url) {
      const res: Response = await call(url);
      const body = await json<Page>(res);
      for (const p of body.data) {
        expect(seen.has(p.id)).toBe(false);
        seen.add(p.id);
      }
      url = res.headers.get("link")?.match(/^<([^>]+)>/)?.[1] ?? null;
      pages += 1;
    }
    expect(seen.size).toBe(first.total);
    expect(pages).toBe(Math.ceil((first.total ?? 0) / 500));
  });

  it("stays exact while rows are inserted between pages", async () => {
    const {
      slug: own,
      commissionId,
      ids: before,
    } = await makeProposals(
      db,
      ["10", "20", "30", "40", "50", "60"].map((claimedSavings) => ({ claimedSavings })),
    );
    const url = `/v1/proposals?commission=${own}&sort=claimed_savings&limit=2`;
    const page1 = await json<Page>(await call(url));
    // New rows sorting before, inside and after the page boundary, and with equal values.
    await addProposals(
      db,
      commissionId,
      ["5", "20", "25", "30", "70"].map((claimedSavings) => ({ claimedSavings })),
    );
    const page2 = await json<Page>(await call(`${url}&cursor=${page1.next_cursor}`));
    const page3 = await json<Page>(await call(`${url}&cursor=${page2.next_cursor}`));
    const rest = await json<Page>(
      await call(`${url.replace("limit=2", "limit=500")}&cursor=${page3.next_cursor}`),
    );
    const walked = [...page1.data, ...page2.data, ...page3.data, ...rest.data].map((p) => p.id);
    expect(new Set(walked).size).toBe(walked.length);
    for (const id of before) expect(walked).toContain(id);
    const amounts = [...page1.data, ...page2.data, ...page3.data, ...rest.data].map((p) =>
      Number(p.claimed_savings),
    );
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
  });
});
