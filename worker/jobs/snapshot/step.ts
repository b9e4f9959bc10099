import type { Db } from "../../../db/client.ts";
import { proposalExportSpec } from "../../domain/proposal-export.ts";
import { writeSnapshot } from "../../domain/snapshot-writer.ts";
import { deleteExpiredSnapshots, utcDate } from "../../domain/snapshots.ts";
import type { StepContext, StepResult } from "../run-step.ts";

/**
 * The day's dataset snapshot (README "Dataset snapshots"), after the assessments: written once
 * per UTC date into the `EXPORTS` bucket, never overwritten, then snapshots older than
 * `SNAPSHOT_RETENTION_DAYS` deleted. Counts: `fetched` rows read, `written` files written,
 * `skipped` 1 when the day's snapshot existed already, `deleted` dates past retention.
 */
export async function snapshotStep(db: Db, ctx: StepContext): Promise<StepResult> {
  const bucket = ctx.exports;
  if (!bucket) throw new Error("no EXPORTS bucket is bound: snapshots cannot be written");
  const now = ctx.now?.() ?? new Date();
  const date = utcDate(now);
  const result = await writeSnapshot(bucket, proposalExportSpec(db), {
    date,
    generatedAt: now.toISOString(),
    runId: ctx.runId ?? null,
  });
  const deleted = await deleteExpiredSnapshots(bucket, date, ctx.config.SNAPSHOT_RETENTION_DAYS);
  return {
    fetched: result.skipped ? 0 : result.manifest.rows,
    inserted: 0,
    changed: 0,
    removed: 0,
    written: result.skipped ? 0 : result.manifest.files.length + 1,
    skipped: result.skipped ? 1 : 0,
    deleted: deleted.length,
    complete: true,
  };
}
