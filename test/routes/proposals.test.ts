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
      assessment: "exceeds_record",
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
    ["assessment_status=exceeds_record", [2]],
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
      "exceeds_record",
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
    // The seeded commission only: other test files add rows to commissions of their own.
    const first = await json<Page>(await call("/v1/proposals?commission=doge&limit=1&count=true"));
    const seen = new Set<number>();
    let pages = 0;
    let url: string | null = "/v1/proposals?commission=doge&sort=-claimed_savings&limit=500";
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

describe("GET /v1/proposals as CSV", () => {
  type CsvRow = Record<string, string>;
  const rowsOf = async (res: Response): Promise<CsvRow[]> =>
    parse(await res.text(), { columns: true, record_delimiter: "\r\n" }) as CsvRow[];

  it("gives the same rows as the JSON, in RFC 4180 CSV", async () => {
    const jsonRes = await call(`/v1/proposals?commission=${slug}&sort=-claimed_savings`);
    const fromJson = (await json<Page>(jsonRes)).data;
    const res = await call(`/v1/proposals?commission=${slug}&sort=-claimed_savings&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await res.clone().text();
    expect(text.split("\r\n")[0]?.startsWith("id,commission,kind,natural_key,")).toBe(true);
    const rows = await rowsOf(res);
    expect(rows.map((r) => Number(r.id))).toEqual(fromJson.map((p) => p.id));
    expect(rows.map((r) => r.claimed_savings)).toEqual(
      fromJson.map((p) => p.claimed_savings ?? ""),
    );
    expect(rows.map((r) => r.title)).toEqual(fromJson.map((p) => p.title));
    expect(rows.map((r) => r.assessment_status)).toEqual([
      "",
      "exceeds_record",
      "",
      "",
      "supported",
    ]);
  });

  it("answers Accept: text/csv the same way", async () => {
    const res = await call(`/v1/proposals?commission=${slug}`, {
      headers: { Accept: "text/csv" },
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("vary")).toContain("Accept");
    expect(await rowsOf(res)).toHaveLength(5);
  });

  it("quotes commas, quotes and line breaks so they parse back intact", async () => {
    const title = 'Say "cut", then\r\nsay it again, twice';
    const { slug: own } = await makeProposals(db, [{ title, recipient: "A, B & C" }]);
    const [row] = await rowsOf(await call(`/v1/proposals?commission=${own}&format=csv`));
    expect(row?.title).toBe(title);
    expect(row?.recipient).toBe("A, B & C");
  });

  it("keeps a spreadsheet from running a cell as a formula, and leaves amounts numbers", async () => {
    const titles = [
      '=HYPERLINK("http://evil.example","x")',
      "+1+1",
      "-2+3",
      "@SUM(A1)",
      "\t=1",
      "\r=1",
      "\uFF1D1",
      "----------",
      "'=already quoted",
    ];
    const drafts = titles.map((title) => ({ title, claimedSavings: "-12.50" }));
    const { slug: own } = await makeProposals(db, drafts);
    const rows = await rowsOf(await call(`/v1/proposals?commission=${own}&format=csv`));
    expect(rows.map((r) => r.title)).toEqual(titles.map((t) => `'${t}`));
    expect(rows.map((r) => r.claimed_savings)).toEqual(titles.map(() => "-12.50"));
  });

  it("streams the full export of every proposal with a validator of its own", async () => {
    const counted = await json<Page>(
      await call("/v1/proposals?commission=doge&limit=1&count=true"),
    );
    const res = await call("/v1/proposals?commission=doge&format=csv&sort=-claimed_savings");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const rows = await rowsOf(res);
    expect(rows).toHaveLength(counted.total ?? -1);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const again = await call("/v1/proposals?commission=doge&format=csv&sort=-claimed_savings", {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    await again.text();
  });

  it("pages a CSV like the JSON when a limit is given", async () => {
    const res = await call(`/v1/proposals?commission=${slug}&format=csv&limit=2`);
    expect(await rowsOf(res)).toHaveLength(2);
    expect(res.headers.get("link")).toMatch(/rel="next"$/);
  });
});

describe("GET /v1/proposals caching and cost", () => {
  it("answers a repeated request with its ETag by 304, keeping CORS", async () => {
    const url = `/v1/proposals?commission=${slug}&limit=2`;
    const first = await call(url);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    await first.text();
    const second = await call(url, {
      headers: { "If-None-Match": etag ?? "", Origin: "https://dashboard.example" },
    });
    expect(second.status).toBe(304);
    expect(second.headers.get("etag")).toBe(etag);
    expect(second.headers.get("access-control-allow-origin")).toBe("*");
    expect(await second.text()).toBe("");
  });

  it("changes the ETag when the data changes", async () => {
    const { slug: own, commissionId } = await makeProposals(db, [{ claimedSavings: "1" }]);
    const before = await call(`/v1/proposals?commission=${own}`);
    await before.text();
    await addProposals(db, commissionId, [{ claimedSavings: "2" }]);
    const after = await call(`/v1/proposals?commission=${own}`, {
      headers: { "If-None-Match": before.headers.get("etag") ?? "" },
    });
    expect(after.status).toBe(200);
    expect((await json<Page>(after)).data).toHaveLength(2);
  });

  it("reads a page of 50 in one SQL statement, two with the total", async () => {
    const page = await call("/v1/proposals?limit=50&sort=-claimed_savings&kind=contract");
    expect((await json<Page>(page)).data).toHaveLength(50);
    expect(page.headers.get("server-timing")).toBe('db;desc="1 queries"');
    const counted = await call("/v1/proposals?limit=50&count=true");
    await counted.text();
    expect(counted.headers.get("server-timing")).toBe('db;desc="2 queries"');
  });
});

describe("GET /v1/proposals bad parameters", () => {
  it.each([
    ["limit=0", "limit"],
    ["limit=10000", "limit"],
    ["limit=ten", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    ["colour=red", "colour"],
    ["sort=title", "sort"],
    ["kind=spaceship", "kind"],
    ["status=done", "status"],
    ["assessment_status=true", "assessment_status"],
    ["claim_date_from=2025-02-30", "claim_date_from"],
    ["claim_date_to=yesterday", "claim_date_to"],
    ["min_claimed_savings=-5", "min_claimed_savings"],
    ["max_claimed_savings=1.234", "max_claimed_savings"],
    ["agency=Treasury", "agency"],
    ["commission=DOGE!", "commission"],
    ["removed=maybe", "removed"],
    ["count=yes", "count"],
    ["format=xml", "format"],
    ["q=", "q"],
    ["q=a%00b", "q"],
  ])("rejects %s with a 400 naming the parameter", async (query, name) => {
    const res = await call(`/v1/proposals?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await json<Problem>(res);
    expect(body.type).toBe("/problems/bad-request");
    expect(body.errors?.map((e) => e.name)).toContain(name);
    expect(body.detail).toContain(name);
  });

  it("rejects a cursor issued for another sort", async () => {
    const page = await json<Page>(await call("/v1/proposals?limit=1&sort=claim_date"));
    const res = await call(
      `/v1/proposals?limit=1&sort=-claimed_savings&cursor=${page.next_cursor}`,
    );
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("cursor");
  });

  it.each([
    ["a sort value of the wrong type", { s: "-claimed_savings", v: "lots", k: 1 }],
    ["a key of the wrong type", { s: "id", v: null, k: "first" }],
  ])("answers a hand-made cursor with %s by 400, not a database error", async (_, made) => {
    const cursor = Buffer.from(JSON.stringify(made)).toString("base64url");
    const res = await call(`/v1/proposals?limit=1&sort=${made.s}&cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).type).toBe("/problems/bad-request");
  });
});

describe("GET /v1/proposals/{id}", () => {
  it("returns one proposal with its provenance and assessment", async () => {
    const res = await call(`/v1/proposals/${ids[1]}`);
    expect(res.status).toBe(200);
    const { data } = await json<{ data: Proposal & Record<string, unknown> }>(res);
    expect(data).toMatchObject({ id: ids[1], commission: slug, piid: "PIIDB2", removed: false });
    expect(data.assessment?.status).toBe("exceeds_record");
    expect(data).toHaveProperty("sources");
    expect(data).toHaveProperty("last_seen_at");
    expect(res.headers.get("etag")).toBeTruthy();
  });

  it("keeps a claim removed from its source readable, and says so", async () => {
    const { data } = await json<{ data: Proposal & Record<string, unknown> }>(
      await call(`/v1/proposals/${ids[3]}`),
    );
    expect(data.removed).toBe(true);
    expect(data.removed_from_source_at).toBe("2025-05-01T00:00:00.000Z");
  });

  it("answers 404 problem+json for an id that does not exist", async () => {
    const res = await call("/v1/proposals/999999999");
    expect(res.status).toBe(404);
    expect((await json<Problem>(res)).type).toBe("/problems/not-found");
  });

  it("answers 400 for an id that is not a number", async () => {
    const res = await call("/v1/proposals/abc");
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("id");
  });
});
