import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobRuns } from "../schema/index.ts";

export async function latestJobRuns(db: Db, limit: number) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
}

export async function jobRunById(db: Db, id: number) {
  return db.select().from(jobRuns).where(eq(jobRuns.id, id));
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
