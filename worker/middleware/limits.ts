import type { Context } from "hono";
import { type AppEnv, readConfig } from "../env.ts";
import { MAX_LIMIT } from "../lib/paging.ts";
import { clientIp, failureLimit, rateLimit } from "./rate-limit.ts";

/**
 * Reads that cost the database far more than most (at 120,000 claims, 1–1.9 s each against a
 * cheap read's 0.05 s), with what one counts against the read limit at its largest page. Anyone
 * can skip the cache (`Cache-Control: no-cache`), so a flood of these must use up its sender's
 * quota before it can slow everyone's cheap reads.
 */
const EXPENSIVE: [path: RegExp, weight: number][] = [
  // Every commission with its member and claim counts and its claimed total.
  [/^\/v1\/commissions\/?$/, 10],
  // Lists whose rows are rollups or joins: their weight grows with the page size.
  [/^\/v1\/agencies\/?$/, 10],
  [/^\/v1\/changes\/?$/, 10],
  [/^\/v1\/proposals\/?$/, 10],
  // The claims page: a page of claims with their totals.
  [/^\/proposals\/?$/, 10],
];

/**
 * What a read counts against RATE_LIMIT_READS: 1, or an expensive route's weight scaled by the
 * page it asks for (`limit=500` the full weight, the default 50 a tenth of it, at least 1).
 */
export function readCost(c: Context<AppEnv>): number {
  const path = new URL(c.req.url).pathname;
  const weight = EXPENSIVE.find(([pattern]) => pattern.test(path))?.[1];
  if (!weight) return 1;
  if (path.startsWith("/v1/commissions")) return weight;
  const limit = Number(c.req.query("limit"));
  // A CSV without a limit is every matching row.
  const csv = c.req.query("format") === "csv" || /text\/csv/.test(c.req.header("Accept") ?? "");
  const rows =
    Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : csv ? MAX_LIMIT : 50;
  return Math.max(1, Math.ceil((weight * rows) / MAX_LIMIT));
}

/**
 * Reads: per client IP, RATE_LIMIT_READS a minute (or the READ_LIMITER binding), each read
 * counted at its cost (readCost).
 */
export const readLimit = rateLimit({
  name: "reads",
  limit: (c) => readConfig(c.env).RATE_LIMIT_READS,
  windowSeconds: 60,
  key: clientIp,
  binding: (c) => c.env.READ_LIMITER,
  cost: readCost,
});

/** Writes: per API key, RATE_LIMIT_WRITES a minute (or the WRITE_LIMITER binding). */
export const writeLimit = rateLimit({
  name: "writes",
  limit: (c) => readConfig(c.env).RATE_LIMIT_WRITES,
  windowSeconds: 60,
  key: (c) => `key:${c.get("apiKey").id}`,
  binding: (c) => c.env.WRITE_LIMITER,
});

/**
 * Health checks: per client IP, RATE_LIMIT_HEALTH a minute, a quota of their own (a monitor
 * polling every few seconds never meets it; a flood is refused before any query). Each check
 * that passes asks the database, so an outage shows at the next check.
 */
export const healthLimit = rateLimit({
  name: "health",
  limit: (c) => readConfig(c.env).RATE_LIMIT_HEALTH,
  windowSeconds: 60,
  key: clientIp,
  binding: () => undefined,
});

/**
 * Failed authentications (a 401: no key, an unknown, wrong or revoked one): per client IP,
 * RATE_LIMIT_AUTH_FAILURES in 10 minutes. Past it, every request with a key from that address is
 * a 429 until the window ends, without a database lookup, so guessing keys costs the guesser
 * time and the database nothing.
 */
export const authFailures = failureLimit({
  name: "auth-failures",
  limit: (c) => readConfig(c.env).RATE_LIMIT_AUTH_FAILURES,
  windowSeconds: 600,
  key: clientIp,
});
