import type { Db } from "../../db/client.ts";
import { failedLookups, lookupCounts, retryingLookups } from "../../db/queries/award-lookups.ts";
import { jobRunById, latestJobRuns } from "../../db/queries/jobs.ts";

/** What the job did, for its endpoints: its runs, and the award lookups' queue. */

/** The latest runs of the job's steps, newest first. */
export const latestRuns = (db: Db, limit: number) => latestJobRuns(db, limit);

/** One run of a step; undefined when there is none with that id. */
export async function jobRun(db: Db, id: number) {
  const [run] = await jobRunById(db, id);
  return run;
}

/**
 * The award lookups' queue: how many are pending, retrying and given up; the latest errors of
 * those retrying; and the lookups given up on.
 */
export async function awardLookupStatus(db: Db, opts: { retryingShown: number; limit: number }) {
  const counts = await lookupCounts(db);
  const retrying = await retryingLookups(db, opts.retryingShown);
  const failed = await failedLookups(db, opts.limit);
  return { counts, retrying, failed };
}
