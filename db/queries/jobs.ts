import { desc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobRuns } from "../schema/index.ts";

export async function latestJobRuns(db: Db, limit: number) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
}

export async function jobRunById(db: Db, id: number) {
  return db.select().from(jobRuns).where(eq(jobRuns.id, id));
}
