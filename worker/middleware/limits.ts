import { readConfig } from "../env.ts";
import { clientIp, rateLimit } from "./rate-limit.ts";

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
