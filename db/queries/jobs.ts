import { desc } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobRuns } from "../schema/index.ts";

export async function latestJobRuns(db: Db, limit: number) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
}
