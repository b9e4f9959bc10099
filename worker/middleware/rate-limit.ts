import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, RateLimitBinding } from "../env.ts";
import { ApiError } from "../errors.ts";

/** The Workers Rate Limiting binding's interface (`[[ratelimits]]` in wrangler.toml). */

type Policy = {
  name: "reads" | "writes" | "health";
  /** Requests per window when no binding is configured. */
  limit: (c: Context<AppEnv>) => number;
  windowSeconds: number;
  key: (c: Context<AppEnv>) => string;
  binding: (c: Context<AppEnv>) => RateLimitBinding | undefined;
  /** What a request counts against the limit (default 1): heavy reads count for more. */
  cost?: (c: Context<AppEnv>) => number;
};

// The fallback's counters: per isolate, a fixed window per key. Good enough for one machine
// and for tests; a deployment that needs a global limit configures the binding.
const windows = new Map<string, { count: number; resetAt: number }>();

/**
 * Limit requests per key (client IP for reads, API key for writes), each counted at its `cost`.
 * With the Workers Rate Limiting binding configured it decides (asked once per unit of cost: it
 * counts calls); otherwise an in-memory window does, and the answer
 * carries `RateLimit-Policy`, `RateLimit` (limit, remaining, reset) and, on 429, `Retry-After`.
 *
 * @example app.use("/v1/*", rateLimit(READS))
 */
export const rateLimit = (policy: Policy) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = `${policy.name}:${policy.key(c)}`;
    const cost = policy.cost?.(c) ?? 1;
    const binding = policy.binding(c);
    if (binding) {
      for (let i = 0; i < cost; i++) {
        const { success } = await binding.limit({ key });
        if (!success) throw tooMany(c, policy.windowSeconds);
      }
      return next();
    }
    const limit = policy.limit(c);
    const { count, reset } = countOne(key, policy.windowSeconds, cost);
    c.header("RateLimit-Policy", `"${policy.name}";q=${limit};w=${policy.windowSeconds}`);
    c.header("RateLimit", `"${policy.name}";r=${Math.max(0, limit - count)};t=${reset}`);
    if (count > limit) throw tooMany(c, reset);
    await next();
  });

/** A key's fixed window, current at `now`: a new one when the last has run out. */
function windowOf(key: string, windowSeconds: number, now: number) {
  let window = windows.get(key);
  if (!window || window.resetAt <= now) {
    window = { count: 0, resetAt: now + windowSeconds * 1000 };
    windows.set(key, window);
    prune(now);
  }
  return window;
}

/** Count an event for a key; its count in the window and the seconds until the window resets. */
function countOne(key: string, windowSeconds: number, cost = 1) {
  const now = Date.now();
  const window = windowOf(key, windowSeconds, now);
  window.count += cost;
  return { count: window.count, reset: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
}

type FailurePolicy = Pick<Policy, "limit" | "windowSeconds" | "key"> & { name: string };

/**
 * Limit failures rather than requests, in the in-memory window (a binding counts every call and
 * cannot be read without counting). `check` refuses a client that has failed `limit` times in
 * the window, before any work is done for it; `fail` counts one more failure.
 *
 * @example const guard = failureLimit(AUTH); guard.check(c); if (bad) guard.fail(c);
 */
export function failureLimit(policy: FailurePolicy) {
  const keyOf = (c: Context<AppEnv>) => `${policy.name}:${policy.key(c)}`;
  return {
    check(c: Context<AppEnv>) {
      const now = Date.now();
      const window = windows.get(keyOf(c));
      if (!window || window.resetAt <= now || window.count < policy.limit(c)) return;
      throw tooMany(c, Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    },
    fail(c: Context<AppEnv>) {
      countOne(keyOf(c), policy.windowSeconds);
    },
  };
}

function tooMany(c: Context<AppEnv>, retryAfter: number) {
  c.header("Retry-After", String(retryAfter));
  return new ApiError("rate-limited", `Too many requests; try again in ${retryAfter} seconds.`);
}

function prune(now: number) {
  if (windows.size < 10_000) return;
  for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
}

/** The client's address as Cloudflare reports it; one bucket for all when run without it. */
export const clientIp = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "unknown";
