import { readConfig } from "../env.ts";
import { clientIp, failureLimit, rateLimit } from "./rate-limit.ts";

/** Reads: per client IP, RATE_LIMIT_READS a minute (or the READ_LIMITER binding). */
export const readLimit = rateLimit({
  name: "reads",
  limit: (c) => readConfig(c.env).RATE_LIMIT_READS,
  windowSeconds: 60,
  key: clientIp,
  binding: (c) => c.env.READ_LIMITER,
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
