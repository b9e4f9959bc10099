import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { createApp } from "../../worker/app.ts";
import type { Env } from "../../worker/env.ts";

// The rest of the suite runs with the read cache off (READ_CACHE_TTL=0 in vitest.config.ts):
// its tests arrange rows straight in the database, which no write purge sees. These helpers run
// the real app with the production default, a minute, at one origin.
export const CACHED_ORIGIN = "http://cutwatch.test";
const app = createApp();
const cachedEnv: Env = { ...env, READ_CACHE_TTL: "60" };

/** A request through the app with the cache on; waits for its deferred work (the cache put). */
export async function cachedGet(
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  // Entries and purges are per origin: a file that must not see another's purges uses its own.
  origin = CACHED_ORIGIN,
) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${origin}${path}`, { method, headers }), cachedEnv, ctx);
  const body = method === "HEAD" ? "" : await res.text();
  await waitOnExecutionContext(ctx);
  return { res, body, timing: res.headers.get("server-timing") ?? "" };
}

export async function cachedWrite(path: string, init: RequestInit) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${CACHED_ORIGIN}${path}`, init), cachedEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The statements a response cost, from its Server-Timing (0 for a cache hit). */
export const queries = (timing: string) =>
  Number(/db;desc="(\d+) queries"/.exec(timing)?.[1] ?? "-1");
