import type { Context } from "hono";
import {
  type ByteRange,
  DATA_FILES,
  readSnapshotFile,
  type SnapshotFile,
} from "../../domain/snapshots.ts";
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
 * cached briefly; a dated URL is cached for a year. A single `Range` gets a 206 of those bytes
 * (416 past the end); HEAD reads no body. No database work.
 */
export async function serveSnapshotFile(
  c: Context<AppEnv>,
  bucket: R2Bucket,
  date: string,
  file: SnapshotFile,
  opts: { moving: boolean },
): Promise<Response> {
  const wanted = c.req.header("If-None-Match");
  const found = await readSnapshotFile(bucket, date, file, {
    ifNoneMatch: (sha) => matches(wanted, sha),
    head: c.req.method === "HEAD",
    range: (size) => byteRange(c, size),
  });
  if (!found) throw new ApiError("not-found", `No snapshot file ${date}/${file}.`);
  // Too large for the read cache; the Cache-Control below lets any HTTP cache keep it instead.
  c.set("streamed", true);
  const headers: Record<string, string> = {
    ETag: `"${found.sha256}"`,
    "Cache-Control": opts.moving ? LATEST_CACHE : DATED_CACHE,
    "X-Snapshot-At": found.manifest.generated_at,
    "Accept-Ranges": "bytes",
  };
  if (opts.moving) headers["Content-Location"] = `/v1/exports/${found.manifest.date}/${file}`;
  if (found.notModified) return c.body(null, 304, headers);
  headers["Content-Type"] = found.body.httpMetadata?.contentType ?? "application/octet-stream";
  headers["Content-Length"] = String(found.body.size);
  if ((DATA_FILES as readonly string[]).includes(file)) {
    const name = file.replace(/^proposals/, `cutwatch-proposals-${found.manifest.date}`);
    headers["Content-Disposition"] = `attachment; filename="${name}"`;
  }
  if (!("body" in found.body)) return c.body(null, 200, headers);
  const { range } = found;
  if (!range) return c.body(found.body.body, 200, headers);
  headers["Content-Length"] = String(range.length);
  headers["Content-Range"] =
    `bytes ${range.offset}-${range.offset + range.length - 1}/${found.body.size}`;
  return c.body(found.body.body, 206, headers);
}

/**
 * The one byte range a `Range: bytes=…` header asks of a file of `size` bytes (RFC 9110 §14.1.2):
 * `a-b`, `a-` or the last `-n`. Anything else (several ranges, other units) gets the whole file,
 * as the RFC allows; a range starting past the end is a 416.
 */
function byteRange(c: Context<AppEnv>, size: number): ByteRange | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(c.req.header("Range")?.trim() ?? "");
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  const [first, last] = [m[1] ? Number(m[1]) : undefined, m[2] ? Number(m[2]) : undefined];
  if (first === undefined) {
    const length = Math.min(last ?? 0, size);
    if (length === 0) return unsatisfiable(c, size);
    return { offset: size - length, length };
  }
  if (last !== undefined && last < first) return undefined; // not a valid range: ignored
  if (first >= size) return unsatisfiable(c, size);
  const end = Math.min(last ?? size - 1, size - 1);
  return { offset: first, length: end - first + 1 };
}

function unsatisfiable(c: Context<AppEnv>, size: number): never {
  c.header("Content-Range", `bytes */${size}`);
  throw new ApiError("range-not-satisfiable", `The file is ${size} bytes long.`);
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
