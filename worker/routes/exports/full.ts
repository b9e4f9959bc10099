import type { Context } from "hono";
import { describeRoute } from "hono-openapi";
import { proposalExportSpec } from "../../domain/proposal-export.ts";
import { latestSnapshot } from "../../domain/snapshots.ts";
import type { AppEnv } from "../../env.ts";
import { sendExport } from "../../http/lists.ts";
import { errorResponses } from "../../openapi.ts";
import { serveSnapshotFile } from "./serve.ts";

/** What the two downloads share: their description, and where they come from. */

export const describeExport = (format: "csv" | "json") =>
  describeRoute({
    operationId: format === "csv" ? "exportProposalsCsv" : "exportProposalsJson",
    tags: ["Proposals"],
    summary: `Every proposal, as ${format.toUpperCase()}`,
    description:
      "The whole dataset (removed and retracted claims included, flagged) in id order. When a daily snapshot exists this is the newest one's file, served from object storage with no database work (`Content-Location` names its dated URL under /v1/exports, `ETag` is its SHA-256); before the first snapshot it is streamed from the database, under the streamed exports' concurrency limit (429 with `Retry-After` when reached). `X-Snapshot-At` and, for JSON, `snapshot_at` state when reading began.",
    responses: {
      200: {
        description: "The dataset.",
        content: {
          [format === "csv" ? "text/csv" : "application/json"]: {
            schema: { type: "string" as const },
          },
        },
      },
      ...errorResponses(429, 503),
    },
  });

/** The newest snapshot's file when there is one; the stream from the database otherwise. */
export async function download(c: Context<AppEnv>, format: "csv" | "json") {
  const bucket = c.env.EXPORTS;
  const latest = bucket ? await latestSnapshot(bucket) : null;
  if (bucket && latest) {
    return serveSnapshotFile(c, bucket, latest.date, `proposals.${format}`, { moving: true });
  }
  return sendExport(c, format, proposalExportSpec(c.get("db")));
}
