import type { Context } from "hono";
import * as v from "valibot";
import type { Manifest } from "../../domain/snapshots.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { IsoDate, Timestamp } from "../schemas.ts";

export const SnapshotFileSchema = v.object({
  name: v.string(),
  media_type: v.string(),
  rows: v.pipe(
    v.nullable(v.number()),
    v.description("Data rows (a CSV's header not counted); null for the descriptor."),
  ),
  bytes: v.number(),
  sha256: v.pipe(v.string(), v.description("Hex SHA-256 of the file; also its ETag.")),
  url: v.string(),
});

export const SnapshotSchema = v.object({
  date: v.pipe(IsoDate, v.description("The UTC date of the job run that wrote it.")),
  generated_at: v.pipe(Timestamp, v.description("When reading the data began.")),
  job_run_id: v.pipe(
    v.nullable(v.number()),
    v.description("The job run that wrote it (/v1/jobs/runs)."),
  ),
  methodology_version: v.string(),
  rows: v.number(),
  files: v.array(SnapshotFileSchema),
  manifest_url: v.string(),
  datapackage_url: v.pipe(v.string(), v.description("The Frictionless Data Package descriptor.")),
});

/** A snapshot as /v1/exports lists it: its manifest, with the URL of each file. */
export function snapshotRecord(m: Manifest): v.InferOutput<typeof SnapshotSchema> {
  const base = `/v1/exports/${m.date}`;
  return {
    date: m.date,
    generated_at: m.generated_at,
    job_run_id: m.job_run_id,
    methodology_version: m.methodology_version,
    rows: m.rows,
    files: m.files.map((f) => ({ ...f, url: `${base}/${f.name}` })),
    manifest_url: `${base}/manifest.json`,
    datapackage_url: `${base}/datapackage.json`,
  };
}

/** The snapshots bucket, or a 503 naming the missing binding. */
export function exportsBucket(c: Context<AppEnv>): R2Bucket {
  const bucket = c.env.EXPORTS;
  if (!bucket) {
    throw new ApiError(503, "misconfigured", "No EXPORTS bucket is bound: snapshots are off.");
  }
  return bucket;
}
