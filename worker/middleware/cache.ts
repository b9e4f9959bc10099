import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { type AppEnv, readConfig } from "../env.ts";
import { hexDigest } from "../lib/encoding.ts";
import { defaultCache, generation, purgeReadCache, READ_CACHE_PREFIX } from "../lib/read-cache.ts";

/**
 * The public read cache (Workers Cache API, `caches.default`).
 *
 * - **What**: anonymous `GET`/`HEAD` under `/v1`, of the feeds and of the pages and embeds,
 *   answered 200 with `Cache-Control: public` (lists, records, rollups, pages), for `READ_CACHE_TTL` seconds (default 60, the lists' own
 *   max-age). Full exports stream and are never stored; nor is anything sent with
 *   `Authorization` (editors and admins always read the database, so they see their own change
 *   at once) or with `Cache-Control: no-cache` / `no-store` or `Pragma: no-cache`.
 * - **Key**: the URL with its query parameters sorted, plus the request's `Accept` header, so
 *   a CSV and a JSON of the same URL (or the methodology as Markdown and as JSON) are never
 *   confused; plus the cache generation, below.
 * - **Purge**: every successful write through the API (`POST`, `PATCH`, `DELETE` under `/v1`)
 *   starts a new generation (a value in the Cache API) before it answers: entries of older
 *   generations are never read again. The isolate that took the write serves fresh reads at
 *   once; other isolates trust the generation they read for a second, so within a second. A job
 *   run that changed data purges the origin of `PUBLIC_URL` the same way, when it is set. The
 *   Cache API is local to a data centre: another data centre's copies age out within the TTL.
 * - **Memory**: the newest entries (up to 8 MiB) also stay in the isolate's memory under the
 *   same generation-bearing keys, so a hit usually needs no lookup at all.
 * - **Headers**: a hit carries `Age`, its stored `ETag` (so `If-None-Match` → 304 works as on a
 *   miss, and the body is not hashed again), `Vary`, the CORS and request-id headers of its own
 *   request, and `Server-Timing: cache;desc="hit", db;desc="0 queries"`.
 */
export const readCache = createMiddleware<AppEnv>(async (c, next) => {
  const ttl = readConfig(c.env).READ_CACHE_TTL;
  const cache = ttl > 0 && !bypasses(c.req.raw) ? defaultCache() : undefined;
  if (!cache) return next();

  const url = new URL(c.req.url);
  let key: string;
  try {
    key = entryKey(url, c.req.header("Accept"), await generation(cache, url.origin));
    const known = recall(key);
    if (known) return serveHit(c, known);
    const hit = await cache.match(key);
    if (hit) return serveHit(c, remember(key, await entryOf(hit)));
  } catch (err) {
    // A cache that fails is no cache: answer from the database.
    console.error("read cache unavailable:", (err as Error).message);
    return next();
  }

  await next();
  const res = c.res;
  const maxAge = storableFor(c, res, ttl);
  if (maxAge === undefined) return;
  const body = await res.clone().text();
  // The ETag the etag middleware would compute (a SHA-1 of the body), stored with the entry so a
  // hit and a miss of the same body give the same validator.
  const etag = res.headers.get("ETag") ?? `"${await hexDigest("SHA-1", body)}"`;
  res.headers.set("ETag", etag);
  const headers = new Headers({
    [STORED_AT]: String(Date.now()),
    [CONTROL]: res.headers.get("Cache-Control") ?? "",
    ETag: etag,
  });
  for (const name of KEPT) {
    const value = res.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set("Cache-Control", `public, max-age=${maxAge}`);
  remember(key, entryFrom(body, headers));
  const put = cache
    .put(key, new Response(body, { status: 200, headers }))
    .catch((err: Error) => console.error("read cache put failed:", err.message));
  try {
    c.executionCtx.waitUntil(put);
  } catch {
    await put;
  }
});

/**
 * A response to a request that carries a key (any `Authorization`) is for its holder alone:
 * `private, no-store`, whatever the handler set, errors and 304s included. A public response
 * varies by `Authorization`, so no shared cache gives a keyed request (an editor who must see
 * their own change) a stored anonymous copy. Outermost, so it sees the final response.
 *
 * @example app.use(keyedPrivate)
 */
export const keyedPrivate = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const headers = c.res.headers;
  if (c.req.header("Authorization") !== undefined) {
    headers.set("Cache-Control", "private, no-store");
  } else if (/\bpublic\b/i.test(headers.get("Cache-Control") ?? "")) {
    const vary = headers.get("Vary");
    if (!/\bAuthorization\b/i.test(vary ?? "")) {
      headers.set("Vary", vary ? `${vary}, Authorization` : "Authorization");
    }
  }
});

/** After a successful write under /v1: a new generation, so no earlier cached read is served. */
export const purgeOnWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return;
  if (c.res.status >= 400 || readConfig(c.env).READ_CACHE_TTL === 0) return;
  await purgeReadCache(new URL(c.req.url).origin);
});

const STORED_AT = "x-cutwatch-stored-at";
/** The response's own Cache-Control, given back on a hit (the stored one bounds the entry). */
const CONTROL = "x-cutwatch-cache-control";
/**
 * The response headers an entry keeps and a hit serves as the miss sent them (a page's framing
 * policy is part of its answer); per-request ones (request id, rate limit, CORS, Server-Timing)
 * are the new request's own.
 */
const KEPT = [
  "content-type",
  "content-disposition",
  "vary",
  "link",
  "x-snapshot-at",
  "content-security-policy",
  "x-frame-options",
];

function bypasses(req: Request): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return true;
  if (req.headers.has("Authorization")) return true;
  const control = req.headers.get("Cache-Control") ?? "";
  if (/\b(no-cache|no-store|max-age=0)\b/i.test(control)) return true;
  return /\bno-cache\b/i.test(req.headers.get("Pragma") ?? "");
}

/** The entry's key: generation, Accept, path and the sorted query. */
function entryKey(url: URL, accept: string | undefined, gen: string): string {
  const params = [...url.searchParams].sort(([a, x], [b, y]) =>
    a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1,
  );
  const query = new URLSearchParams(params).toString();
  const negotiated = encodeURIComponent((accept ?? "").trim().toLowerCase() || "-");
  return `${url.origin}${READ_CACHE_PREFIX}/${gen}/${negotiated}${url.pathname}${query ? `?${query}` : ""}`;
}

/** A Cache-Control header's max-age in seconds; 0 when it has none. */
const maxAgeOf = (control: string) => Number(/\bmax-age=(\d+)/i.exec(control)?.[1] ?? 0);

/** The seconds a response may be stored, or undefined when it must not be. */
function storableFor(c: Context<AppEnv>, res: Response, ttl: number): number | undefined {
  if (res.status !== 200 || c.get("streamed")) return undefined;
  if (res.headers.has("Set-Cookie")) return undefined;
  const control = res.headers.get("Cache-Control") ?? "";
  if (!/\bpublic\b/i.test(control) || /\b(no-store|private|no-cache)\b/i.test(control)) {
    return undefined;
  }
  const seconds = Math.min(ttl, maxAgeOf(control));
  return seconds > 0 ? seconds : undefined;
}

/** A stored entry as a hit serves it: its body, its client-facing headers, when it lapses. */
type Entry = { body: string; headers: Record<string, string>; storedAt: number; expiresAt: number };

function entryFrom(body: string, stored: Headers): Entry {
  const headers: Record<string, string> = {};
  for (const [name, value] of stored) {
    if (name === CONTROL) headers["cache-control"] = value;
    else if (name !== STORED_AT && name !== "cache-control") headers[name] = value;
  }
  const storedAt = Number(stored.get(STORED_AT) ?? Date.now());
  const maxAge = maxAgeOf(stored.get("Cache-Control") ?? "");
  return { body, headers, storedAt, expiresAt: storedAt + maxAge * 1000 };
}

async function entryOf(hit: Response): Promise<Entry> {
  return entryFrom(await hit.text(), hit.headers);
}

/*
 * The newest entries also stay in the isolate's memory, under the same keys. The key holds the
 * generation (trusted for GENERATION_TRUST_MS, then read again), so a purge anywhere in the data
 * centre reaches these too; a hit then costs one small lookup instead of two and a body. Bounded by
 * bytes, oldest first out.
 */
const recent = new Map<string, Entry>();
let recentBytes = 0;
const RECENT_MAX_BYTES = 8 * 1024 * 1024;
const RECENT_MAX_ENTRY = 1024 * 1024;

/** Empty the isolate's copies (tests: a hit must then come from the Cache API itself). */
export function forgetRecentReads(): void {
  recent.clear();
  recentBytes = 0;
}

function recall(key: string): Entry | undefined {
  const entry = recent.get(key);
  if (!entry) return undefined;
  recent.delete(key);
  if (entry.expiresAt <= Date.now()) {
    recentBytes -= entry.body.length;
    return undefined;
  }
  recent.set(key, entry); // most recently used last
  return entry;
}

function remember(key: string, entry: Entry): Entry {
  if (entry.body.length > RECENT_MAX_ENTRY) return entry;
  const old = recent.get(key);
  if (old) {
    recent.delete(key);
    recentBytes -= old.body.length;
  }
  recent.set(key, entry);
  recentBytes += entry.body.length;
  for (const [oldest, e] of recent) {
    if (recentBytes <= RECENT_MAX_BYTES) break;
    recent.delete(oldest);
    recentBytes -= e.body.length;
  }
  return entry;
}

function serveHit(c: Context<AppEnv>, entry: Entry): Response {
  const age = Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000));
  c.header("Server-Timing", 'cache;desc="hit", db;desc="0 queries"', { append: true });
  return c.body(entry.body, 200, { ...entry.headers, Age: String(age) });
}
