import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { call, json, type Problem } from "../helpers/http.ts";

type Page<T> = { data: T[]; next_cursor: string | null; total?: number };
type Commission = {
  slug: string;
  sources: { url: string }[];
  member_count: number;
  proposal_count: number;
  claimed_savings_total: string;
  lists_last_changed_at: string | null;
  lists: { kind: string; list_as_of: string; complete: boolean; unconfirmed: number }[];
  links: { members: string; proposals: string };
};
type Member = { id: number; commission: string; name: string; sources: { url: string }[] };
type Agency = {
  code: string;
  name: string;
  aliases: string[];
  proposal_count: number;
  claimed_savings_total: string;
};

describe("GET /v1/commissions", () => {
  it("lists DOGE with its sources, member count and claim totals", async () => {
    const res = await call("/v1/commissions?limit=500");
    expect(res.status).toBe(200);
    const doge = (await json<Page<Commission>>(res)).data.find((c) => c.slug === "doge");
    expect(doge?.sources.length).toBeGreaterThan(0);
    // The leaders and the roster of data/members/ (124 people, two of them leaders).
    expect(doge?.member_count).toBe(125);
    expect(doge?.proposal_count).toBeGreaterThan(5000);
    expect(doge?.claimed_savings_total).toMatch(/^\d+(\.\d+)?$/);
    expect(doge?.links.proposals).toBe("/v1/proposals?commission=doge");
  });

  it("returns one commission by slug, whose total is its live claims' sum, as the summary says", async () => {
    const { data } = await json<{ data: Commission }>(await call("/v1/commissions/doge"));
    expect(data.slug).toBe("doge");
    const csv = await (await call("/v1/proposals?commission=doge&removed=false&format=csv")).text();
    const rows = parse(csv, { columns: true }) as { claimed_savings: string }[];
    const cents = rows.reduce((sum, r) => sum + toCents(r.claimed_savings), 0n);
    expect(toCents(data.claimed_savings_total)).toBe(cents);
    const summary = await json<{ data: { claimed_as_published: string }[] }>(
      await call("/v1/savings/summary?commission=doge"),
    );
    expect(toCents(summary.data[0]?.claimed_as_published ?? "0")).toBe(cents);
    // The seed's newest list is the 2025-05-12 leases: the source last changed then.
    expect(data.lists_last_changed_at).toMatch(/^2025-05-12/);
    // Each kind as of its own newest list: the contracts end on 04-16, the leases on 05-12.
    expect(data.lists.map((l) => [l.kind, l.list_as_of, l.complete, l.unconfirmed])).toEqual([
      ["contract", "2025-04-16T00:00:00Z", true, 0],
      ["lease", "2025-05-12T00:00:00Z", true, 0],
    ]);
  });

  it("answers 404 for an unknown slug and 400 for a malformed one", async () => {
    const missing = await call("/v1/commissions/no-such-commission");
    expect(missing.status).toBe(404);
    expect((await json<Problem>(missing)).type).toBe("/problems/not-found");
    const bad = await call("/v1/commissions/Not%20A%20Slug");
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("slug");
  });
});

describe("GET /v1/members", () => {
  it("lists the commission's members, each with a source", async () => {
    const body = await json<Page<Member>>(
      await call("/v1/members?commission=doge&count=true&limit=500"),
    );
    expect(body.total).toBe(125);
    expect(body.data.map((m) => m.name)).toContain("Elon Musk");
    for (const m of body.data) expect(m.sources[0]?.url).toMatch(/^https:\/\//);
  });

  it("sorts by name both ways and pages by cursor", async () => {
    const asc = await json<Page<Member>>(
      await call("/v1/members?commission=doge&sort=name&limit=500"),
    );
    const names = asc.data.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    const desc = await json<Page<Member>>(
      await call("/v1/members?commission=doge&sort=-name&limit=500"),
    );
    expect(desc.data.map((m) => m.name)).toEqual([...names].reverse());
    // Page by page, two at a time: every member once, in order.
    const paged: string[] = [];
    let cursor = "";
    do {
      const page = await json<Page<Member>>(
        await call(
          `/v1/members?commission=doge&sort=name&limit=50${cursor ? `&cursor=${cursor}` : ""}`,
        ),
      );
      paged.push(...page.data.map((m) => m.name));
      cursor = page.next_cursor ?? "";
    } while (cursor);
    expect(paged).toEqual(names);
  });

  it("returns one member, 404 for an unknown id", async () => {
    const [member] = (await json<Page<Member>>(await call("/v1/members?limit=1"))).data;
    const one = await json<{ data: Member }>(await call(`/v1/members/${member?.id}`));
    expect(one.data).toEqual(member);
    const missing = await call("/v1/members/999999999");
    expect(missing.status).toBe(404);
    await missing.text();
  });

  it("comes as CSV", async () => {
    const res = await call("/v1/members?commission=doge&format=csv");
    const rows = parse(await res.text(), { columns: true }) as { name: string }[];
    expect(rows).toHaveLength(125);
  });
});

describe("GET /v1/agencies", () => {
  it("lists toptier agencies with their aliases and claims against them", async () => {
    const body = await json<Page<Agency>>(await call("/v1/agencies?limit=500&count=true"));
    expect(body.total).toBe(body.data.length);
    const usda = body.data.find((a) => a.code === "012");
    expect(usda?.aliases).toContain("USDA");
    expect(usda?.proposal_count).toBeGreaterThan(0);
    expect(usda?.claimed_savings_total).toMatch(/^\d+(\.\d+)?$/);
  });

  it("sorts by name and by code, both directions", async () => {
    const byName = (await json<Page<Agency>>(await call("/v1/agencies?sort=name&limit=500"))).data;
    const names = byName.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byCode = (await json<Page<Agency>>(await call("/v1/agencies?sort=-code&limit=500"))).data;
    const codes = byCode.map((a) => a.code);
    expect(codes).toEqual([...codes].sort().reverse());
  });

  it("returns one agency, whose proposals link lists exactly its count", async () => {
    type One = { data: Agency & { links: { proposals: string } } };
    // Other test files load proposals at the same time: compare counts read back to back, and
    // read again if the agency's count moved in between.
    for (let attempt = 0; ; attempt++) {
      const { data } = await json<One>(await call("/v1/agencies/012"));
      expect(data.name).toBe("Department of Agriculture");
      const listed = await json<Page<unknown>>(
        await call(`${data.links.proposals}&limit=1&count=true`),
      );
      const again = await json<One>(await call("/v1/agencies/012"));
      if (again.data.proposal_count !== data.proposal_count && attempt < 5) continue;
      expect(listed.total).toBe(data.proposal_count);
      break;
    }
  });

  it("answers 404 for an unknown code and 400 for a malformed one", async () => {
    const missing = await call("/v1/agencies/9999");
    expect(missing.status).toBe(404);
    await missing.text();
    const bad = await call("/v1/agencies/usda");
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("code");
  });
});

describe("GET /", () => {
  it("answers a JSON index linking the docs and every list", async () => {
    const body = await json<{ links: Record<string, string> }>(await call("/"));
    expect(body.links).toMatchObject({
      docs: "/docs",
      openapi: "/openapi.json",
      proposals: "/v1/proposals",
      members: "/v1/members",
      agencies: "/v1/agencies",
      commissions: "/v1/commissions",
    });
  });
});

describe("GET /problems/{kind}", () => {
  it("answers a known problem type with its title", async () => {
    const res = await call("/problems/not-found");
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ type: "/problems/not-found" });
  });

  it("answers names an object inherits (__proto__, constructor, toString) with 404", async () => {
    for (const kind of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const res = await call(`/problems/${kind}`);
      expect(res.status, kind).toBe(404);
      expect((await json<Problem>(res)).type, kind).toBe("/problems/not-found");
    }
  });
});

/** Dollars as exact integer cents, so the sum in the test is as exact as the API's. */
function toCents(amount: string): bigint {
  if (!amount) return 0n;
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
}
