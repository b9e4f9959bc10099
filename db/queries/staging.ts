import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobStaging } from "../schema/index.ts";

/** The pages of a list staged so far: numbers, announced totals and when they were fetched. */
export async function stagedPages(db: Db, list: string) {
  return db
    .select({ page: jobStaging.page, total: jobStaging.total, fetchedAt: jobStaging.fetchedAt })
    .from(jobStaging)
    .where(eq(jobStaging.list, list))
    .orderBy(asc(jobStaging.page));
}

export async function stagePage(
  db: Db,
  row: { list: string; page: number; total: number; items: unknown[] },
) {
  await db
    .insert(jobStaging)
    .values(row)
    .onConflictDoUpdate({
      target: [jobStaging.list, jobStaging.page],
      set: { total: row.total, items: row.items, fetchedAt: sql`now()` },
    });
}

/** Every staged item of a list, in page order: one statement. */
export async function stagedItems(db: Db, list: string): Promise<unknown[]> {
  const rows = await db
    .select({ items: jobStaging.items })
    .from(jobStaging)
    .where(eq(jobStaging.list, list))
    .orderBy(asc(jobStaging.page));
  return rows.flatMap((r) => r.items);
}

export async function clearStaging(db: Db, list: string) {
  await db.delete(jobStaging).where(eq(jobStaging.list, list));
}
