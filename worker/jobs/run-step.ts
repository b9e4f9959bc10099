import type { Db } from "../../db/client.ts";
import { failRun, finishRun, startRun } from "../../db/queries/jobs.ts";
import type { JobCounts } from "../../db/schema/index.ts";
import type { Config } from "../env.ts";
import { asError } from "../lib/as-error.ts";
import type { AwardLookup } from "../lib/queue-messages.ts";
import type { FetchPolicy } from "./sources/http.ts";

/**
 * What every step gets: the configuration, the run's fetch policy (its shared budget), and the
 * queue of award lookups where it is bound.
 */
export type StepContext = {
  config: Config;
  policy: FetchPolicy;
  awardQueue?: Queue<AwardLookup> | undefined;
  /** The bucket of dataset snapshots, where bound. */
  exports?: R2Bucket | undefined;
  /** This step's `job_runs` id (runStep sets it). */
  runId?: number;
  /** The clock, for tests of what a run does on a given day. */
  now?: () => Date;
};
/** What every step returns: its counts, and false when it must resume on the next run. */
export type StepResult = JobCounts & { complete: boolean };

/** A step's counts before it has done anything: all zero, complete until it runs out of room. */
export function noCounts(): StepResult {
  return { fetched: 0, inserted: 0, changed: 0, removed: 0, complete: true };
}

/**
 * Run one step as a `job_runs` row: running → succeeded with its counts, or failed with the
 * reason. The row is written outside the step's own transaction, so a failure is recorded
 * while the step's writes are rolled back.
 */
export async function runStep(
  db: Db,
  step: string,
  trigger: string,
  work: (runId: number) => Promise<StepResult>,
): Promise<{
  id: number;
  status: "succeeded" | "failed";
  counts?: JobCounts;
  complete?: boolean;
  error?: string;
}> {
  const id = await startRun(db, step, trigger);
  try {
    const { complete, ...counts } = await work(id);
    await finishRun(db, id, counts, complete);
    return { id, status: "succeeded", counts, complete };
  } catch (err) {
    const error = asError(err).message;
    console.error(`job step ${step} failed:`, error);
    await failRun(db, id, error);
    return { id, status: "failed", error };
  }
}
