import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { isSnapshotFile, latestSnapshot, SNAPSHOT_FILES } from "../../domain/snapshots.ts";
import { ApiError } from "../../errors.ts";
import { errorResponses } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { exportsBucket, serveSnapshotFile } from "./serve.ts";

const FileParams = v.object({
  date: v.pipe(
    v.string(),
    v.check((s) => s === "latest" || isCalendarDate(s), "date must be YYYY-MM-DD or latest"),
    v.description("A snapshot's UTC date, or `latest` for the newest."),
  ),
  file: v.pipe(
    v.string(),
    v.regex(
      /^[a-z0-9][a-z0-9-]{0,62}\.(csv|json)$/,
      "file must be a file name ending .csv or .json",
    ),
    v.description(`One of ${SNAPSHOT_FILES.join(", ")}.`),
  ),
});

/** A real day in `YYYY-MM-DD` (no 2030-02-30). */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const at = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === s;
}

/** GET /v1/exports/{date}/{file}: one file of a snapshot, straight from the bucket. */
export const getExportFileHandlers = factory.createHandlers(
  describeRoute({
    operationId: "getExportFile",
    tags: ["Proposals"],
    summary: "One file of a dataset snapshot",
    description:
      "Served from object storage with its SHA-256 as a strong `ETag` (`If-None-Match` → 304) and `Cache-Control: public, max-age=31536000, immutable`. `latest` serves the newest snapshot's file directly (no redirect) with `Content-Location` naming the dated URL and a 5-minute cache. No database work.",
    responses: {
      200: {
        description: "The file.",
        content: {
          "text/csv": { schema: { type: "string" as const } },
          "application/json": { schema: { type: "string" as const } },
        },
      },
      304: { description: "The file is unchanged (If-None-Match matched its SHA-256)." },
      ...errorResponses(400, 404, 429, 503),
    },
  }),
  validate("param", FileParams),
  async (c) => {
    const { date, file } = c.req.valid("param");
    const bucket = exportsBucket(c);
    if (!isSnapshotFile(file)) {
      throw new ApiError("not-found", `A snapshot has no file "${file}".`);
    }
    if (date !== "latest") return serveSnapshotFile(c, bucket, date, file, { moving: false });
    const latest = await latestSnapshot(bucket);
    if (!latest) throw new ApiError("not-found", "No snapshot has been written yet.");
    return serveSnapshotFile(c, bucket, latest.date, file, { moving: true });
  },
);
