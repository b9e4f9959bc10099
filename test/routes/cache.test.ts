import { afterAll, describe, expect, it } from "vitest";
import { defaultCache, generation, purgeReadCache } from "../../worker/lib/read-cache.ts";
import { forgetRecentReads } from "../../worker/middleware/cache.ts";
import { cachedGet, cachedWrite, queries } from "../helpers/cached.ts";
import { testDb } from "../helpers/db.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { makeProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

describe("the public read cache", () => {
  it("serves a repeated read without a query, with the same ETag, CORS and headers", async () => {
    const { slug } = await makeProposals(db, [{ title: "Cached claim", claimedSavings: "10" }]);
    const path = `/v1/proposals?commission=${slug}`;
    const first = await cachedGet(path, { Origin: "https://example.org" });
    expect(first.res.status).toBe(200);
    expect(queries(first.timing)).toBe(1);
    expect(first.timing).not.toContain("cache;");

    const second = await cachedGet(path, { Origin: "https://example.org" });
    expect(second.res.status).toBe(200);
    expect(queries(second.timing)).toBe(0);
    expect(second.timing).toContain('cache;desc="hit"');
    expect(second.body).toBe(first.body);
    expect(second.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
    expect(second.res.headers.get("content-type")).toBe(first.res.headers.get("content-type"));
    expect(second.res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(second.res.headers.get("vary")).toBe("Accept, Authorization");
    expect(Number(second.res.headers.get("age"))).toBeGreaterThanOrEqual(0);
    expect(second.res.headers.get("access-control-allow-origin")).toBe("*");
    expect(second.res.headers.get("access-control-expose-headers")).toContain("ETag");
    // Each request keeps its own id, not the one the entry was stored with.
    expect(second.res.headers.get("x-request-id")).not.toBe(first.res.headers.get("x-request-id"));

    // The same query in another order is the same entry.
    const reordered = await cachedGet(`/v1/proposals?commission=${slug}&limit=50`);
    const again = await cachedGet(`/v1/proposals?limit=50&commission=${slug}`);
    expect(queries(reordered.timing)).toBe(1);
    expect(queries(again.timing)).toBe(0);
  });

  it("serves a hit from the Cache API itself when the isolate has no copy", async () => {
    const { slug } = await makeProposals(db, [{ title: "Shared entry", claimedSavings: "7" }]);
    const path = `/v1/proposals?commission=${slug}`;
    const first = await cachedGet(path);
    forgetRecentReads();
    const second = await cachedGet(path);
    expect(queries(second.timing)).toBe(0);
    expect(second.body).toBe(first.body);
    expect(second.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
    expect(second.res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(second.res.headers.get("content-type")).toBe(first.res.headers.get("content-type"));
    expect(second.res.headers.get("vary")).toBe("Accept, Authorization");
  });

  it("answers 304 to If-None-Match from the cache, keeping the CORS headers", async () => {
    const { slug } = await makeProposals(db, [{ title: "Validated claim" }]);
    const path = `/v1/proposals?commission=${slug}`;
    const first = await cachedGet(path);
    const etag = first.res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const revalidated = await cachedGet(path, {
      "If-None-Match": etag,
      Origin: "https://example.org",
    });
    expect(revalidated.res.status).toBe(304);
    expect(queries(revalidated.timing)).toBe(0);
    expect(revalidated.body).toBe("");
    expect(revalidated.res.headers.get("etag")).toBe(etag);
    expect(revalidated.res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("never confuses the CSV and the JSON of one URL", async () => {
    const { slug } = await makeProposals(db, [{ title: "Two formats", claimedSavings: "5" }]);
    const path = `/v1/proposals?commission=${slug}&limit=10`;
    const json1 = await cachedGet(path, { Accept: "application/json" });
    const csv1 = await cachedGet(path, { Accept: "text/csv" });
    expect(queries(csv1.timing)).toBe(1);
    const csv2 = await cachedGet(path, { Accept: "text/csv" });
    const json2 = await cachedGet(path, { Accept: "application/json" });
    expect(queries(csv2.timing)).toBe(0);
    expect(queries(json2.timing)).toBe(0);
    expect(csv2.res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv2.body).toBe(csv1.body);
    expect(csv2.body).toMatch(/^id,/);
    expect(json2.res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(json2.body)).toEqual(JSON.parse(json1.body));
    expect(csv2.res.headers.get("etag")).not.toBe(json2.res.headers.get("etag"));
  });

  it("is bypassed by an API key and by Cache-Control: no-cache", async () => {
    const { slug } = await makeProposals(db, [{ title: "Bypassed" }]);
    const path = `/v1/proposals?commission=${slug}`;
    await cachedGet(path);
    const editor = await makeKey(db, "editor");
    expect(queries((await cachedGet(path, editor.auth)).timing)).toBe(1);
    expect(queries((await cachedGet(path, { "Cache-Control": "no-cache" })).timing)).toBe(1);
    expect(queries((await cachedGet(path, { Pragma: "no-cache" })).timing)).toBe(1);
    expect(queries((await cachedGet(path)).timing)).toBe(0);
  });

  it("marks every response to a request with a key private and unstorable, and public ones as varying by it", async () => {
    const { slug, ids } = await makeProposals(db, [{ title: "Keyed read" }]);
    const editor = await makeKey(db, "editor");
    const paths = [
      `/v1/proposals?commission=${slug}`,
      `/v1/proposals/${ids[0]}`,
      "/v1/commissions",
    ];
    for (const path of paths) {
      const keyed = await cachedGet(path, editor.auth);
      expect(keyed.res.status, path).toBe(200);
      expect(keyed.res.headers.get("cache-control"), path).toBe("private, no-store");
      const anonymous = await cachedGet(path);
      expect(anonymous.res.headers.get("cache-control"), path).toMatch(/^public/);
      expect(anonymous.res.headers.get("vary"), path).toContain("Authorization");
    }
    // A bad key's error, and a write, are the key holder's alone too.
    const refused = await cachedGet(paths[0] ?? "", { Authorization: "Bearer cw_nope_nope" });
    expect(refused.res.headers.get("cache-control")).toBe("private, no-store");
    const written = await cachedWrite("/v1/proposals", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ commission: slug, kind: "contract", title: "Keyed write" }),
    });
    expect(written.status).toBe(201);
    expect(written.headers.get("cache-control")).toBe("private, no-store");
    await written.text();
  });

  it("does not store errors or streamed exports", async () => {
    const missing = "/v1/proposals/999999999";
    expect((await cachedGet(missing)).res.status).toBe(404);
    const again = await cachedGet(missing);
    expect(again.res.status).toBe(404);
    expect(queries(again.timing)).toBe(1);
    const { slug } = await makeProposals(db, [{ title: "Streamed" }]);
    const stream = `/v1/proposals?commission=${slug}&format=csv`;
    await cachedGet(stream);
    expect(queries((await cachedGet(stream)).timing)).toBeGreaterThan(0);
  });

  it("makes the next read fresh after a write, for the list and the record", async () => {
    const { slug, ids } = await makeProposals(db, [{ title: "Before", claimedSavings: "100" }]);
    const id = ids[0] ?? 0;
    const list = `/v1/proposals?commission=${slug}`;
    const record = `/v1/proposals/${id}`;
    const read = await cachedGet(record);
    await cachedGet(list);
    expect(queries((await cachedGet(record)).timing)).toBe(0);
    expect(queries((await cachedGet(list)).timing)).toBe(0);

    const editor = await makeKey(db, "editor");
    const patched = await cachedWrite(record, {
      method: "PATCH",
      headers: jsonWith(editor.auth, { "If-Match": read.res.headers.get("etag") ?? "" }),
      body: JSON.stringify({ title: "After", reason: "cache test" }),
    });
    expect(patched.status).toBe(200);

    const freshRecord = await cachedGet(record);
    expect(queries(freshRecord.timing)).toBe(1);
    expect(JSON.parse(freshRecord.body).data.title).toBe("After");
    expect(freshRecord.res.headers.get("etag")).not.toBe(read.res.headers.get("etag"));
    const freshList = await cachedGet(list);
    expect(queries(freshList.timing)).toBe(1);
    expect(JSON.parse(freshList.body).data[0].title).toBe("After");
    // And then it is cached again.
    expect(queries((await cachedGet(list)).timing)).toBe(0);
  });

  it("keeps a failed write from purging, and HEAD uses the same entries", async () => {
    const { slug } = await makeProposals(db, [{ title: "Kept" }]);
    const list = `/v1/proposals?commission=${slug}`;
    await cachedGet(list);
    const editor = await makeKey(db, "editor");
    const refused = await cachedWrite("/v1/proposals/999999999", {
      method: "PATCH",
      headers: jsonWith(editor.auth, { "If-Match": '"v1"' }),
      body: JSON.stringify({ title: "Nobody" }),
    });
    expect(refused.status).toBe(404);
    const head = await cachedGet(list, {}, "HEAD");
    expect(head.res.status).toBe(200);
    expect(queries(head.timing)).toBe(0);
  });
});

describe("the read cache on pages and embeds", () => {
  const HTML = { Accept: "text/html" };

  it("serves a page again without a query, keeping its framing policy", async () => {
    const { slug } = await makeProposals(db, [{ title: "Paged claim", claimedSavings: "10" }]);
    const path = `/embed/summary?commission=${slug}`;
    const first = await cachedGet(path, HTML);
    expect(first.res.status).toBe(200);
    expect(queries(first.timing)).toBeGreaterThan(0);
    const second = await cachedGet(path, HTML);
    expect(queries(second.timing)).toBe(0);
    expect(second.body).toBe(first.body);
    expect(second.res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const dashboard = `/?commission=${slug}`;
    await cachedGet(dashboard, HTML);
    const again = await cachedGet(dashboard, HTML);
    expect(queries(again.timing)).toBe(0);
    expect(again.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(again.res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(again.res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    // The JSON index of the same URL is another entry, never the page.
    expect((await cachedGet(dashboard)).res.headers.get("content-type")).toMatch(
      /^application\/json/,
    );
  });

  it("shows a claim's page fresh after an edit through the API", async () => {
    const { ids } = await makeProposals(db, [{ title: "Before the edit" }]);
    const id = ids[0] ?? 0;
    await cachedGet(`/proposals/${id}`, HTML);
    expect(queries((await cachedGet(`/proposals/${id}`, HTML)).timing)).toBe(0);
    const read = await cachedGet(`/v1/proposals/${id}`, { "Cache-Control": "no-cache" });
    const editor = await makeKey(db, "editor");
    const patched = await cachedWrite(`/v1/proposals/${id}`, {
      method: "PATCH",
      headers: jsonWith(editor.auth, { "If-Match": read.res.headers.get("etag") ?? "" }),
      body: JSON.stringify({ title: "After the edit", reason: "cache test" }),
    });
    expect(patched.status).toBe(200);
    const fresh = await cachedGet(`/proposals/${id}`, HTML);
    expect(queries(fresh.timing)).toBeGreaterThan(0);
    expect(fresh.body).toContain("After the edit");
  });
});

// The generation lives in the Workers Cache API itself, so it is tested here, in workerd.
const origin = () => `https://read-cache-${crypto.randomUUID()}.test`;

describe("the read cache's generation", () => {
  it("starts one for an origin that has none and gives it back while it lasts", async () => {
    const cache = defaultCache();
    if (!cache) throw new Error("the Workers Cache API is missing");
    const o = origin();
    const first = await generation(cache, o);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await generation(cache, o)).toBe(first);
  });

  it("starts a new one on a purge, for that origin only", async () => {
    const cache = defaultCache();
    if (!cache) throw new Error("the Workers Cache API is missing");
    const [a, b] = [origin(), origin()];
    const [beforeA, beforeB] = [await generation(cache, a), await generation(cache, b)];
    await purgeReadCache(a);
    const afterA = await generation(cache, a);
    expect(afterA).not.toBe(beforeA);
    expect(await generation(cache, b)).toBe(beforeB);
  });
});
