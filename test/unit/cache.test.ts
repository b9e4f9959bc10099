import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../worker/env.ts";
import { onError } from "../../worker/errors.ts";
import {
  forgetRecentReads,
  keyedPrivate,
  purgeOnWrite,
  readCache,
} from "../../worker/middleware/cache.ts";

/** A Cache API stand-in: a Map of URL → stored response, and a switch that makes it fail. */
class MapCache {
  readonly entries = new Map<string, Response>();
  broken = false;
  async match(key: RequestInfo | URL): Promise<Response | undefined> {
    if (this.broken) throw new Error("cache down");
    return this.entries.get(String(key))?.clone();
  }
  async put(key: RequestInfo | URL, res: Response): Promise<void> {
    if (this.broken) throw new Error("cache down");
    this.entries.set(String(key), res.clone());
  }
  async delete(key: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(String(key));
  }
}

let cache: MapCache;
beforeEach(() => {
  cache = new MapCache();
  vi.stubGlobal("caches", { default: cache });
  forgetRecentReads();
});
afterEach(() => vi.unstubAllGlobals());

let apps = 0;

/**
 * A tiny app behind the read cache, on an origin of its own (entries are per origin);
 * `calls.count` is how often a handler really ran.
 */
function cachedApp(control = "public, max-age=60") {
  const origin = `https://api-${++apps}.example`;
  const calls = { count: 0 };
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use(keyedPrivate, readCache, purgeOnWrite);
  app.get("/v1/things", (c) => {
    calls.count += 1;
    c.header("Cache-Control", control);
    c.header("Vary", "Accept");
    return c.json({ n: calls.count, accept: c.req.header("Accept") ?? null });
  });
  app.get("/v1/broken", () => {
    calls.count += 1;
    throw new Error("boom");
  });
  app.post("/v1/things", (c) => c.json({ ok: true }, 201));
  const env = { READ_CACHE_TTL: "60", DATABASE_URL: "postgres://unused" };
  const request = (path: string, init: RequestInit = {}) =>
    app.request(`${origin}${path}`, init, env);
  return { request, calls };
}

describe("readCache", () => {
  it("stores a public 200 and serves it again without running the handler", async () => {
    const { request, calls } = cachedApp();
    const first = await request("/v1/things?b=2&a=1");
    const second = await request("/v1/things?a=1&b=2"); // the same query, reordered
    expect(calls.count).toBe(1);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("Server-Timing")).toContain('cache;desc="hit"');
    expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(second.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(second.headers.get("Vary")).toBe("Accept, Authorization");
    expect(Number(second.headers.get("Age"))).toBeGreaterThanOrEqual(0);

    // Served by the Cache API itself when the isolate holds no copy.
    forgetRecentReads();
    const third = await request("/v1/things?a=1&b=2");
    expect(calls.count).toBe(1);
    expect(third.headers.get("ETag")).toBe(first.headers.get("ETag"));
  });

  it("keeps one entry per Accept header, so a CSV never answers a JSON request", async () => {
    const { request, calls } = cachedApp();
    await request("/v1/things", { headers: { Accept: "text/csv" } });
    const json = await request("/v1/things", { headers: { Accept: "application/json" } });
    expect(calls.count).toBe(2);
    expect(((await json.json()) as { accept: string }).accept).toBe("application/json");
  });

  it("never stores or serves a keyed request, and marks its answer private", async () => {
    const { request, calls } = cachedApp();
    await request("/v1/things");
    const keyed = await request("/v1/things", { headers: { Authorization: "Bearer k" } });
    expect(calls.count).toBe(2);
    expect(keyed.headers.get("Cache-Control")).toBe("private, no-store");
    expect(keyed.headers.get("Server-Timing")).toBeNull();
  });

  it("honours a client's no-cache, and stores nothing private, uncacheable or failed", async () => {
    const { request, calls } = cachedApp();
    await request("/v1/things");
    await request("/v1/things", { headers: { "Cache-Control": "no-cache" } });
    expect(calls.count).toBe(2);

    const priv = cachedApp("private, max-age=60");
    await priv.request("/v1/things");
    await priv.request("/v1/things");
    expect(priv.calls.count).toBe(2);

    const failing = cachedApp();
    expect((await failing.request("/v1/broken")).status).toBe(500);
    expect((await failing.request("/v1/broken")).status).toBe(500);
    expect(failing.calls.count).toBe(2);
  });

  it("starts a new generation on a successful write: earlier entries are never served", async () => {
    const { request, calls } = cachedApp();
    await request("/v1/things");
    expect((await request("/v1/things", { method: "POST" })).status).toBe(201);
    const after = await request("/v1/things");
    expect(calls.count).toBe(2);
    expect(((await after.json()) as { n: number }).n).toBe(2);
  });

  it("answers from the handler when the Cache API fails", async () => {
    const { request, calls } = cachedApp();
    cache.broken = true;
    const res = await request("/v1/things");
    expect(res.status).toBe(200);
    await request("/v1/things");
    expect(calls.count).toBe(2);
  });
});
