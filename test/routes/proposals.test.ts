import { describe, expect, it } from "vitest";
import { call, json, type Problem } from "../helpers/http.ts";

type Page = {
  data: { id: number; claimed_savings: string; first_seen_at: string }[];
  next_cursor: string | null;
};

describe("GET /v1/proposals", () => {
  it("lists seeded proposals with decimal-string money and a next link", async () => {
    const res = await call("/v1/proposals?limit=3");
    expect(res.status).toBe(200);
    const body = await json<Page>(res);
    expect(body.data).toHaveLength(3);
    for (const p of body.data) expect(p.claimed_savings).toMatch(/^-?\d+(\.\d+)?$/);
    expect(body.next_cursor).toBeTruthy();
    expect(res.headers.get("link")).toBe(
      `</v1/proposals?limit=3&cursor=${body.next_cursor}>; rel="next"`,
    );
  });

  it("pages with the cursor without repeating or skipping a row", async () => {
    const first = await json<Page>(await call("/v1/proposals?limit=5"));
    const second = await json<Page>(
      await call(`/v1/proposals?limit=5&cursor=${first.next_cursor}`),
    );
    const both = await json<Page>(await call("/v1/proposals?limit=10"));
    expect([...first.data, ...second.data].map((p) => p.id)).toEqual(both.data.map((p) => p.id));
  });

  it("answers timestamps in ISO 8601", async () => {
    const body = await json<Page>(await call("/v1/proposals?limit=1"));
    expect(body.data[0]?.first_seen_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=10000", "limit"],
    ["limit=ten", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    ["colour=red", "colour"],
  ])("rejects %s with a 400 naming the parameter", async (query, name) => {
    const res = await call(`/v1/proposals?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await json<Problem>(res);
    expect(body.type).toBe("/problems/bad-request");
    expect(body.errors?.map((e) => e.name)).toContain(name);
  });
});

describe("GET /v1/proposals/{id}", () => {
  it("returns one proposal", async () => {
    const [first] = (await json<Page>(await call("/v1/proposals?limit=1"))).data;
    const res = await call(`/v1/proposals/${first?.id}`);
    expect(res.status).toBe(200);
    expect((await json<{ data: { id: number } }>(res)).data.id).toBe(first?.id);
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

describe("the API around the routes", () => {
  it("answers unknown paths with a 404 problem", async () => {
    const res = await call("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    await res.text();
  });

  it("lets any origin read, and exposes the headers dashboards need", async () => {
    const res = await call("/v1/proposals?limit=1", { headers: { Origin: "https://example.org" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("Link");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    await res.text();
  });

  it("describes its problem types at their URIs", async () => {
    const res = await call("/problems/bad-request");
    expect(await json(res)).toEqual({ type: "/problems/bad-request", title: "Bad request" });
  });
});
