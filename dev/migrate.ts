import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import type { Db } from "../db/client.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

/** Apply every migration in migrations/ not yet recorded in drizzle.__drizzle_migrations. */
export async function migrateDatabase(db: Db) {
  await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_DIR });
}
