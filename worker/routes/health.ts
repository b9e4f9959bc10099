import { Hono } from "hono";
import { withTimeout } from "../../db/errors.ts";
import { lastAppliedMigration } from "../../db/queries/health.ts";
import journal from "../../migrations/meta/_journal.json";
import { type AppEnv, readConfig } from "../env.ts";
import { ApiError } from "../errors.ts";

const latest = journal.entries.at(-1);

/** GET /healthz: 200 when the database answers and carries the latest migration, else 503. */
export const health = new Hono<AppEnv>().get("/", async (c) => {
  const { DB_TIMEOUT_MS } = readConfig(c.env);
  const started = Date.now();
  const applied = await withTimeout(lastAppliedMigration(c.get("db")), DB_TIMEOUT_MS);
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
    database: { reachable: true, latencyMs: Date.now() - started },
    migration: { applied: appliedTag, latest: latest?.tag ?? null },
  });
});
