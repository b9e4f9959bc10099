/**
 * Dated, immutable snapshots of the dataset in object storage (the `EXPORTS` R2 bucket).
 *
 * Layout: `snapshots/<YYYY-MM-DD>/<file>` for the files of `SNAPSHOT_FILES`. The manifest is
 * written last and a date counts as a snapshot only when its manifest exists, so a run that
 * failed half-way leaves nothing listed. A listed snapshot is never written again.
 */

const PREFIX = "snapshots/";

export const DATA_FILES = ["proposals.csv", "proposals.json"] as const;
export const MANIFEST = "manifest.json";
export const DATAPACKAGE = "datapackage.json";
/** Every file a snapshot holds, in the order they are written (the manifest last). */
export const SNAPSHOT_FILES = [...DATA_FILES, DATAPACKAGE, MANIFEST] as const;
export type SnapshotFile = (typeof SNAPSHOT_FILES)[number];

export const MEDIA_TYPES: Record<SnapshotFile, string> = {
  "proposals.csv": "text/csv; charset=utf-8; header=present",
  "proposals.json": "application/json; charset=utf-8",
  "datapackage.json": "application/json; charset=utf-8",
  "manifest.json": "application/json; charset=utf-8",
};

/** One file of a snapshot as its manifest describes it. */
export type ManifestFile = {
  name: SnapshotFile;
  media_type: string;
  /** Data rows (not counting a CSV header); null for the Data Package descriptor. */
  rows: number | null;
  bytes: number;
  sha256: string;
};

export type Manifest = {
  date: string;
  generated_at: string;
  job_run_id: number | null;
  methodology_version: string;
  rows: number;
  files: ManifestFile[];
};

export const isSnapshotFile = (name: string): name is SnapshotFile =>
  (SNAPSHOT_FILES as readonly string[]).includes(name);

export const snapshotKey = (date: string, file: SnapshotFile) => `${PREFIX}${date}/${file}`;

const MANIFEST_KEY = /^snapshots\/(\d{4}-\d{2}-\d{2})\/manifest\.json$/;
const DATED_KEY = /^snapshots\/(\d{4}-\d{2}-\d{2})\//;

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export const utcDate = (at: Date) => at.toISOString().slice(0, 10);

/** Every key under the snapshots prefix, page by page (a bucket lists at most 1,000 at once). */
async function* keys(bucket: R2Bucket, withManifests: boolean) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({
      prefix: PREFIX,
      ...(cursor ? { cursor } : {}),
      ...(withManifests ? { include: ["customMetadata" as const] } : {}),
    });
    yield* page.objects;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/**
 * The published snapshots, newest first, read from the bucket's listing alone: each manifest is
 * also stored in its object's custom metadata, so a listing costs one list call, no reads.
 */
export async function listSnapshots(bucket: R2Bucket): Promise<Manifest[]> {
  const found: Manifest[] = [];
  for await (const object of keys(bucket, true)) {
    if (!MANIFEST_KEY.test(object.key)) continue;
    const stored = object.customMetadata?.manifest;
    if (stored) found.push(JSON.parse(stored) as Manifest);
  }
  return found.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** A date's manifest, or null when no snapshot of that date is published. */
export async function readManifest(bucket: R2Bucket, date: string): Promise<Manifest | null> {
  const head = await bucket.head(snapshotKey(date, MANIFEST));
  const stored = head?.customMetadata?.manifest;
  return stored ? (JSON.parse(stored) as Manifest) : null;
}

/** The newest published snapshot's manifest, or null when there is none. */
export async function latestSnapshot(bucket: R2Bucket): Promise<Manifest | null> {
  return (await listSnapshots(bucket))[0] ?? null;
}

/** Bytes of a file to read: from `offset`, `length` of them. */
export type ByteRange = { offset: number; length: number };

/**
 * One file of a published snapshot and its SHA-256 (the data files' from the manifest, the
 * manifest's own from its metadata), or null. With `ifNoneMatch` equal to that hash, the body
 * is not read at all: `object` is null and `notModified` true; nor is it for `head`. `range`
 * (given the file's size) reads only those bytes.
 */
export async function readSnapshotFile(
  bucket: R2Bucket,
  date: string,
  file: SnapshotFile,
  opts: {
    ifNoneMatch?: (sha256: string) => boolean;
    head?: boolean;
    range?: (bytes: number) => ByteRange | undefined;
  } = {},
): Promise<
  | { manifest: Manifest; sha256: string; bytes: number; notModified: true; body?: undefined }
  | {
      manifest: Manifest;
      sha256: string;
      bytes: number;
      notModified: false;
      body: R2Object | R2ObjectBody;
      range?: ByteRange | undefined;
    }
  | null
> {
  const head = await bucket.head(snapshotKey(date, MANIFEST));
  const stored = head?.customMetadata?.manifest;
  if (!head || !stored) return null;
  const manifest = JSON.parse(stored) as Manifest;
  const described =
    file === MANIFEST
      ? { sha256: head.customMetadata?.sha256 ?? "", bytes: head.size }
      : manifest.files.find((f) => f.name === file);
  if (!described?.sha256) return null;
  const { sha256, bytes } = described;
  if (opts.ifNoneMatch?.(sha256)) return { manifest, sha256, bytes, notModified: true };
  const key = snapshotKey(date, file);
  if (opts.head) {
    const object = await bucket.head(key);
    return object ? { manifest, sha256, bytes, notModified: false, body: object } : null;
  }
  const range = opts.range?.(bytes);
  const body = await bucket.get(key, range ? { range } : {});
  return body ? { manifest, sha256, bytes, notModified: false, body, range } : null;
}

/**
 * Retention: delete every snapshot dated before the newest `days` days counted back from
 * `today` (today included), manifest first so a half-deleted date is no longer listed, and
 * any files a failed run left for such a date. The dates deleted, oldest first.
 */
export async function deleteExpiredSnapshots(
  bucket: R2Bucket,
  today: string,
  days: number,
): Promise<string[]> {
  const oldestKept = utcDate(new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000));
  const byDate = new Map<string, string[]>();
  for await (const object of keys(bucket, false)) {
    const date = DATED_KEY.exec(object.key)?.[1];
    if (!date || date >= oldestKept) continue;
    byDate.set(date, [...(byDate.get(date) ?? []), object.key]);
  }
  const dates = [...byDate.keys()].sort();
  for (const date of dates) {
    await bucket.delete(snapshotKey(date, MANIFEST));
    const rest = (byDate.get(date) ?? []).filter((k) => k !== snapshotKey(date, MANIFEST));
    if (rest.length) await bucket.delete(rest);
  }
  return dates;
}
