import type { Context } from "hono";
import { DATA_FILES, readSnapshotFile, type SnapshotFile } from "../../domain/snapshots.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";

/** A dated file never changes: a year, immutable. */
const DATED_CACHE = "public, max-age=31536000, immutable";
/** `latest` moves once a day. */
const LATEST_CACHE = "public, max-age=300";

/**
 * Answer with one file of a published snapshot, straight from the bucket: its SHA-256 as a
 * strong ETag (a matching If-None-Match gets a 304 without reading the body), its content type
 * and length. `latest` (and the full export) name the dated URL in `Content-Location` and are
 * cached briefly; a dated URL is cached for a year. No database work.
 */
export async function serveSnapshotFile(
  c: Context<AppEnv>,
  bucket: R2Bucket,
  date: string,
  file: SnapshotFile,
  opts: { moving: boolean },
): Promise<Response> {
  const wanted = c.req.header("If-None-Match");
  const found = await readSnapshotFile(bucket, date, file, (sha) => matches(wanted, sha));
  if (!found) throw new ApiError("not-found", `No snapshot file ${date}/${file}.`);
  // Too large for the read cache; the Cache-Control below lets any HTTP cache keep it instead.
  c.set("streamed", true);
  const headers: Record<string, string> = {
    ETag: `"${found.sha256}"`,
    "Cache-Control": opts.moving ? LATEST_CACHE : DATED_CACHE,
    "X-Snapshot-At": found.manifest.generated_at,
  };
  if (opts.moving) headers["Content-Location"] = `/v1/exports/${found.manifest.date}/${file}`;
  if (found.notModified) return c.body(null, 304, headers);
  headers["Content-Type"] = found.body.httpMetadata?.contentType ?? "application/octet-stream";
  headers["Content-Length"] = String(found.body.size);
  if ((DATA_FILES as readonly string[]).includes(file)) {
    const name = file.replace(/^proposals/, `cutwatch-proposals-${found.manifest.date}`);
    headers["Content-Disposition"] = `attachment; filename="${name}"`;
  }
  return c.body(found.body.body, 200, headers);
}

/** If-None-Match (RFC 9110 §13.1.2, weak comparison) against a file's hash. */
function matches(header: string | undefined, sha256: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === `"${sha256}"`);
}

/** The snapshots bucket, or a 503 naming the missing binding. */
export function exportsBucket(c: Context<AppEnv>): R2Bucket {
  const bucket = c.env.EXPORTS;
  if (!bucket) {
    throw new ApiError("misconfigured", "No EXPORTS bucket is bound: snapshots are off.");
  }
  return bucket;
}
