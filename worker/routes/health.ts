import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Db } from "../../db/client.ts";
import { withTimeout } from "../../db/errors.ts";
import { type AppliedMigration, lastAppliedMigration } from "../../db/queries/health.ts";
import journal from "../../migrations/meta/_journal.json";
import { type AppEnv, type Env, readConfig } from "../env.ts";
import { ApiError } from "../errors.ts";
import { errorResponses, jsonResponse } from "../openapi.ts";

const latest = journal.entries.at(-1);

/** GET /healthz: 200 when the database answers and carries the latest migration, else 503. */
const HealthSchema = v.object({
  status: v.literal("ok"),
  database: v.object({ reachable: v.boolean(), latencyMs: v.number() }),
  migration: v.object({ applied: v.nullable(v.string()), latest: v.nullable(v.string()) }),
});

const describe = describeRoute({
  operationId: "health",
  tags: ["Operations"],
  summary: "Health",
  description: "200 when the database answers and carries the latest migration; 503 otherwise.",
  responses: {
    200: jsonResponse("Healthy.", HealthSchema),
    ...errorResponses(503),
  },
});

/**
 * How long one check answers for, per isolate: a flood of health checks (it has no rate limit,
 * so monitors are never refused) costs the database one check every few seconds, not two
 * queries a call. An outage is seen within this time, and so is the recovery.
 */
const CHECK_TTL_MS = 5_000;
type Check = { at: number; result: PromiseSettledResult<AppliedMigration | null>; ms: number };
// Keyed by the bindings object, the same for every request of an isolate; only settled results
// are kept, never a promise of another request's I/O.
const lastCheck = new WeakMap<Env, Check>();

async function check(env: Env, db: Db): Promise<Check> {
  const known = lastCheck.get(env);
  if (known && Date.now() - known.at < CHECK_TTL_MS) return known;
  const started = Date.now();
  const [result] = await Promise.allSettled([
    withTimeout(lastAppliedMigration(db), readConfig(env).DB_TIMEOUT_MS),
  ]);
  const checked = { at: Date.now(), result, ms: Date.now() - started };
  lastCheck.set(env, checked);
  return checked;
}

export const health = new Hono<AppEnv>().get("/", describe, async (c) => {
  const { result, ms } = await check(c.env, c.get("db"));
  if (result.status === "rejected") throw result.reason;
  const applied = result.value;
  const appliedTag = journal.entries.find((e) => e.when === applied?.createdAt)?.tag ?? null;
  const pending = journal.entries.filter((e) => e.when > (applied?.createdAt ?? 0)).length;
  if (pending > 0) {
    throw new ApiError(
      503,
      "migrations-pending",
      `The database is at ${appliedTag ?? "no migration"}; ${pending} migration(s) up to ${latest?.tag} are not applied. Run \`npm run db:migrate\`.`,
    );
  }
  c.header("Cache-Control", "no-store");
  return c.json({
    status: "ok",
    database: { reachable: true, latencyMs: ms },
    migration: { applied: appliedTag, latest: latest?.tag ?? null },
  });
});
