import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { listSnapshots, type Manifest } from "../../domain/snapshots.ts";
import { readConfig } from "../../env.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { SnapshotSchema } from "../../schemas/exports.ts";
import { factory } from "../factory.ts";
import { exportsBucket } from "./serve.ts";

const SnapshotListSchema = v.object({
  retention_days: v.pipe(
    v.number(),
    v.description("Snapshots are kept this many days (today included), then deleted."),
  ),
  latest_url: v.pipe(
    v.nullable(v.string()),
    v.description("The newest snapshot's manifest under the `latest` alias; null when none."),
  ),
  data: v.array(SnapshotSchema),
});

/** GET /v1/exports: the published snapshots, newest first, from the bucket's listing alone. */
export const listExportsHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listExports",
    tags: ["Proposals"],
    summary: "Dated snapshots of the whole dataset",
    description:
      "The daily, immutable snapshots the job writes (one per UTC date): the claims as CSV and JSON, a manifest (row counts, sizes, SHA-256 of each file, the job run) and a Frictionless Data Package descriptor. Newest first; costs no database work.",
    responses: {
      200: jsonResponse("The snapshots kept.", SnapshotListSchema),
      ...errorResponses(429, 503),
    },
  }),
  async (c) => {
    const snapshots = await listSnapshots(exportsBucket(c));
    c.header("Cache-Control", "public, max-age=300");
    return c.json({
      retention_days: readConfig(c.env).SNAPSHOT_RETENTION_DAYS,
      latest_url: snapshots.length ? "/v1/exports/latest/manifest.json" : null,
      data: snapshots.map(snapshotRecord),
    });
  },
);

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
