import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobCursors } from "../schema/index.ts";

/** Forget where a step was to resume: its next run starts afresh. */
export async function clearCursor(db: Db, step: string) {
  await db.delete(jobCursors).where(eq(jobCursors.step, step));
}

/** Where a step stands (its cursor), or undefined before its first run. */
export async function readCursor(db: Db, step: string): Promise<unknown> {
  const [row] = await db.select().from(jobCursors).where(eq(jobCursors.step, step));
  return row?.cursor;
}

export async function writeCursor(db: Db, step: string, cursor: unknown) {
  await db
    .insert(jobCursors)
    .values({ step, cursor })
    .onConflictDoUpdate({ target: jobCursors.step, set: { cursor, updatedAt: sql`now()` } });
}
