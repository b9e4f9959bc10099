import * as v from "valibot";
import { IsoDate, Timestamp } from "./common.ts";

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
