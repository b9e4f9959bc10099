import * as v from "valibot";
import type { Db } from "../db/client.ts";
import type { WebhookDeliveryMessage } from "./domain/webhooks.ts";
import type { AwardLookup } from "./lib/queue-messages.ts";

/** Bindings from wrangler.toml [vars], secrets and (locally) `wrangler dev --var`. */
/** A Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml). */
export type RateLimitBinding = { limit: (opts: { key: string }) => Promise<{ success: boolean }> };

export interface Env {
  DATABASE_URL?: string;
  NEON_WS_PROXY?: string;
  DB_TIMEOUT_MS?: string;
  /**
   * "1": GET and HEAD requests read over Neon's one-shot HTTP queries, "0": over the WebSocket
   * Pool like writes. Unset: on where the database serves them (a Neon host, or the local proxy).
   */
  DB_HTTP_READS?: string;
  DOGE_API_URL?: string;
  USASPENDING_API_URL?: string;
  FISCALDATA_API_URL?: string;
  /** The job: subrequests per run, upstream timeout, largest share a list may shrink at once. */
  JOB_MAX_SUBREQUESTS?: string;
  JOB_FETCH_TIMEOUT_MS?: string;
  JOB_MAX_SHRINK?: string;
  /**
   * The queue of award lookups (wrangler.toml `[[queues.producers]]`); without it the awards
   * step fetches inline, within the run's budget.
   */
  AWARD_LOOKUPS?: Queue<AwardLookup>;
  /** Award lookups one queue consumer runs at once (1 on the embedded database). */
  AWARD_LOOKUP_CONCURRENCY?: string;
  /** Slug of the commission the DOGE receipts belong to. */
  DOGE_COMMISSION?: string;
  /** Requests per minute per client IP (reads) and per API key (writes), without a binding. */
  RATE_LIMIT_READS?: string;
  RATE_LIMIT_WRITES?: string;
  /** Failed authentications per client IP in 10 minutes before its keyed requests get 429. */
  RATE_LIMIT_AUTH_FAILURES?: string;
  /** Health checks per minute per client IP (their own quota, apart from reads). */
  RATE_LIMIT_HEALTH?: string;
  /** Workers Rate Limiting bindings; when set, they decide instead of the in-memory window. */
  READ_LIMITER?: RateLimitBinding;
  WRITE_LIMITER?: RateLimitBinding;
  /** Seconds a public read is served from the Workers Cache API (0 turns the cache off). */
  READ_CACHE_TTL?: string;
  /** The API's public URL: a job run that changed data purges the read cache of its origin. */
  PUBLIC_URL?: string;
  /** The bucket of dated dataset snapshots (wrangler.toml `[[r2_buckets]]`). */
  EXPORTS?: R2Bucket;
  /** Days a dataset snapshot is kept; the job deletes older ones (default 90). */
  SNAPSHOT_RETENTION_DAYS?: string;
  /** Streamed exports (CSV of a whole filtered list) one Worker isolate serves at once. */
  EXPORT_CONCURRENCY?: string;
  /** Milliseconds a streamed export may run before it is ended and its slot freed (10 min). */
  EXPORT_LEASE_MS?: string;
  /** The queue of webhook deliveries (wrangler.toml); without it no webhook is sent. */
  WEBHOOK_DELIVERIES?: Queue<WebhookDeliveryMessage>;
  /** "1" lets a subscription use http://127.0.0.1 or http://localhost (tests, local use). */
  WEBHOOK_ALLOW_LOCAL_HTTP?: string;
  /** How long a webhook receiver has to answer (default 10000 ms). */
  WEBHOOK_TIMEOUT_MS?: string;
  /** "1" mounts the benchmark baselines under /__bench (never set it in production). */
  BENCH_ROUTES?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: Db;
    requestId: string;
    /** Keep the request's database open past the handler; call the result when done. */
    holdDb: () => () => Promise<void>;
    /** The caller's API key, set by requireKey on write and admin routes. */
    apiKey: { id: number; role: "editor" | "admin" | "subscriber"; name: string };
    /** Set by a handler whose body streams (a full export): the read cache leaves it alone. */
    streamed: boolean;
  };
};

const HttpUrl = v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//, "must be an http(s) URL"));

const ConfigSchema = v.object({
  DATABASE_URL: v.pipe(
    v.optional(v.string(), ""),
    v.nonEmpty("DATABASE_URL is not set"),
    v.regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL"),
  ),
  NEON_WS_PROXY: v.optional(
    v.pipe(v.string(), v.regex(/^[\w.-]+:\d+$/, "NEON_WS_PROXY must be host:port")),
  ),
  DB_HTTP_READS: v.optional(v.picklist(["0", "1"], "DB_HTTP_READS must be 0 or 1")),
  DB_TIMEOUT_MS: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "DB_TIMEOUT_MS must be milliseconds"), v.transform(Number)),
    "5000",
  ),
  RATE_LIMIT_READS: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "RATE_LIMIT_READS must be a number"), v.transform(Number)),
    "600",
  ),
  RATE_LIMIT_WRITES: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "RATE_LIMIT_WRITES must be a number"), v.transform(Number)),
    "60",
  ),
  RATE_LIMIT_AUTH_FAILURES: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "RATE_LIMIT_AUTH_FAILURES must be a number"),
      v.transform(Number),
    ),
    "20",
  ),
  RATE_LIMIT_HEALTH: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "RATE_LIMIT_HEALTH must be a number"), v.transform(Number)),
    "120",
  ),
  READ_CACHE_TTL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "READ_CACHE_TTL must be seconds"),
      v.transform(Number),
      v.maxValue(3600, "READ_CACHE_TTL must be at most 3600 seconds"),
    ),
    "60",
  ),
  PUBLIC_URL: v.optional(
    v.pipe(
      HttpUrl,
      v.transform((url) => new URL(url).origin),
    ),
  ),
  SNAPSHOT_RETENTION_DAYS: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[1-9]\d{0,4}$/,
        "SNAPSHOT_RETENTION_DAYS must be a whole number of days, at least 1",
      ),
      v.transform(Number),
    ),
    "90",
  ),
  EXPORT_CONCURRENCY: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-9]\d{0,2}$/, "EXPORT_CONCURRENCY must be a number from 1 to 999"),
      v.transform(Number),
    ),
    "4",
  ),
  EXPORT_LEASE_MS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-9]\d{2,8}$/, "EXPORT_LEASE_MS must be milliseconds (100 or more)"),
      v.transform(Number),
    ),
    "600000",
  ),
  BENCH_ROUTES: v.optional(v.picklist(["0", "1"], "BENCH_ROUTES must be 0 or 1"), "0"),
  WEBHOOK_ALLOW_LOCAL_HTTP: v.optional(
    v.picklist(["0", "1"], "WEBHOOK_ALLOW_LOCAL_HTTP must be 0 or 1"),
    "0",
  ),
  WEBHOOK_TIMEOUT_MS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-9]\d{2,4}$/, "WEBHOOK_TIMEOUT_MS must be from 100 to 99999 milliseconds"),
      v.transform(Number),
    ),
    "5000",
  ),
  JOB_MAX_SUBREQUESTS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-9]\d*$/, "JOB_MAX_SUBREQUESTS must be a positive number"),
      v.transform(Number),
    ),
    "40",
  ),
  JOB_FETCH_TIMEOUT_MS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "JOB_FETCH_TIMEOUT_MS must be milliseconds"),
      v.transform(Number),
    ),
    "20000",
  ),
  JOB_MAX_SHRINK: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(0(\.\d+)?|1(\.0+)?)$/, "JOB_MAX_SHRINK must be a share from 0 to 1"),
      v.transform(Number),
    ),
    "0.5",
  ),
  AWARD_LOOKUP_CONCURRENCY: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^([1-9]|[1-4]\d|50)$/, "AWARD_LOOKUP_CONCURRENCY must be from 1 to 50"),
      v.transform(Number),
    ),
    "4",
  ),
  DOGE_COMMISSION: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)), "doge"),
  DOGE_API_URL: v.optional(HttpUrl, "https://api.doge.gov"),
  USASPENDING_API_URL: v.optional(HttpUrl, "https://api.usaspending.gov"),
  FISCALDATA_API_URL: v.optional(
    HttpUrl,
    "https://api.fiscaldata.treasury.gov/services/api/fiscal_service",
  ),
});

export type Config = v.InferOutput<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid configuration: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

// The bindings object is the same for every request of an isolate, and never changes: parse it
// once, not in each middleware of each request (the database, the rate limits, the job).
const parsed = new WeakMap<Env, Config>();

/** Validate the bindings once at the boundary: a missing DATABASE_URL is one clear error. */
export function readConfig(env: Env): Config {
  const known = parsed.get(env);
  if (known) return known;
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, val]) => val !== ""));
  const result = v.safeParse(ConfigSchema, blankAsUnset);
  if (!result.success) throw new ConfigError(result.issues.map((i) => i.message));
  if (typeof env === "object" && env !== null) parsed.set(env, result.output);
  return result.output;
}
