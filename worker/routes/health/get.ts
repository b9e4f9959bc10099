import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Db } from "../../../db/client.ts";
import { withTimeout } from "../../../db/errors.ts";
import { lastAppliedMigration } from "../../../db/queries/health.ts";
import journal from "../../../migrations/meta/_journal.json";
import { type Env, readConfig } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { factory } from "../factory.ts";

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
    ...errorResponses(429, 503),
  },
});

/** Ask the database for its applied migration, within the configured timeout. */
async function check(env: Env, db: Db) {
  const started = Date.now();
  const [result] = await Promise.allSettled([
    withTimeout(lastAppliedMigration(db), readConfig(env).DB_TIMEOUT_MS),
  ]);
  return { result, ms: Date.now() - started };
}

export const healthHandlers = factory.createHandlers(describe, async (c) => {
  const { result, ms } = await check(c.env, c.get("db"));
  if (result.status === "rejected") throw result.reason;
  const applied = result.value;
  const appliedTag = journal.entries.find((e) => e.when === applied?.createdAt)?.tag ?? null;
  const pending = journal.entries.filter((e) => e.when > (applied?.createdAt ?? 0)).length;
  if (pending > 0) {
    throw new ApiError(
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
