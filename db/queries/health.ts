import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";

export type AppliedMigration = { hash: string; createdAt: number };

/** The last migration drizzle recorded as applied, or null on a database never migrated. */
export async function lastAppliedMigration(db: Db): Promise<AppliedMigration | null> {
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists.rows[0]?.present) return null;
  const rows = await db.execute<{ hash: string; created_at: string }>(
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  const row = rows.rows[0];
  return row ? { hash: row.hash, createdAt: Number(row.created_at) } : null;
}
