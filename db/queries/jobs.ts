import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type JobCounts, jobRuns } from "../schema/index.ts";

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

/** A step's run begins: a `running` row; returns its id. */
export async function startRun(db: Db, step: string, trigger: string): Promise<number> {
  const [run] = await db.insert(jobRuns).values({ step, trigger }).returning({ id: jobRuns.id });
  if (!run) throw new Error("could not record the job run");
  return run.id;
}

export async function finishRun(db: Db, id: number, counts: JobCounts, complete: boolean) {
  await db
    .update(jobRuns)
    .set({ status: "succeeded", counts, complete, finishedAt: sql`now()` })
    .where(eq(jobRuns.id, id));
}

export async function failRun(db: Db, id: number, error: string) {
  await db
    .update(jobRuns)
    .set({ status: "failed", error: error.slice(0, 2000), finishedAt: sql`now()` })
    .where(eq(jobRuns.id, id));
}

/** A run that did nothing (another held the lock): recorded finished, with why. */
export async function recordSkippedRun(db: Db, step: string, trigger: string, error: string) {
  await db
    .insert(jobRuns)
    .values({ step, trigger, status: "skipped", error, finishedAt: new Date().toISOString() });
}
