import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobCursors, jobLocks, jobRuns, jobStaging } from "../schema/index.ts";

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

/**
 * Take the pipeline's lock for `leaseSeconds` unless another holder's lease is still running.
 * One statement, so two runs racing for it cannot both win.
 */
export async function acquireLock(db: Db, name: string, holder: string, leaseSeconds: number) {
  const expiresAt = sql`now() + make_interval(secs => ${leaseSeconds})`;
  const rows = await db
    .insert(jobLocks)
    .values({ name, holder, expiresAt })
    .onConflictDoUpdate({
      target: jobLocks.name,
      set: { holder, expiresAt },
      setWhere: lt(jobLocks.expiresAt, sql`now()`),
    })
    .returning({ holder: jobLocks.holder });
  return rows[0]?.holder === holder;
}

export async function releaseLock(db: Db, name: string, holder: string) {
  await db.delete(jobLocks).where(and(eq(jobLocks.name, name), eq(jobLocks.holder, holder)));
}

/** Whether a lock is held now (for tests and the runs endpoint). */
export async function lockHeld(db: Db, name: string): Promise<boolean> {
  const rows = await db
    .select({ name: jobLocks.name })
    .from(jobLocks)
    .where(and(eq(jobLocks.name, name), gt(jobLocks.expiresAt, sql`now()`)));
  return rows.length > 0;
}

/** Where a bounded step resumes on the next tick, or null to start afresh. */
export async function readCursor<T>(db: Db, step: string): Promise<T | null> {
  const [row] = await db.select().from(jobCursors).where(eq(jobCursors.step, step));
  return (row?.cursor as T | undefined) ?? null;
}

export async function writeCursor(db: Db, step: string, cursor: unknown) {
  await db
    .insert(jobCursors)
    .values({ step, cursor })
    .onConflictDoUpdate({ target: jobCursors.step, set: { cursor, updatedAt: sql`now()` } });
}

export async function clearCursor(db: Db, step: string) {
  await db.delete(jobCursors).where(eq(jobCursors.step, step));
}

/**
 * Runs left "running" by an invocation that died; called while holding the lock. Queue
 * consumers' runs take no lock and may be working right now: theirs count as died only past the
 * longest a consumer invocation may last (15 minutes).
 */
export async function failInterruptedRuns(db: Db): Promise<void> {
  await db
    .update(jobRuns)
    .set({
      status: "failed",
      error: "interrupted: the invocation ended before the run finished",
      finishedAt: sql`now()`,
    })
    .where(
      and(
        eq(jobRuns.status, "running"),
        sql`(${jobRuns.trigger} not like 'queue:%' or ${jobRuns.startedAt} < now() - interval '15 minutes')`,
      ),
    );
}
