import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobLocks } from "../schema/index.ts";

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
