import { createHash, type Hash } from "node:crypto";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import { csvText } from "../lib/csv.ts";
import type { ListSpec } from "../lib/paging.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { dataPackage } from "./datapackage.ts";
import {
  DATAPACKAGE,
  MANIFEST,
  type Manifest,
  type ManifestFile,
  MEDIA_TYPES,
  readManifest,
  type SnapshotFile,
  snapshotKey,
} from "./snapshots.ts";

/** Rows per database round trip, as the streamed export reads them. */
const BATCH = 1000;
/**
 * Bytes per uploaded part. R2 needs parts of one size (but the last), at least 5 MiB: a file is
 * held in memory one part at a time, never whole.
 */
const PART_BYTES = 8 * 1024 * 1024;

export type SnapshotResult =
  | { skipped: true; date: string }
  | { skipped: false; date: string; manifest: Manifest };

/**
 * Write the snapshot of `date` unless one is published: the claims as CSV and as JSON in one
 * keyset-paged pass (both files hold the same rows), the Data Package descriptor, and the
 * manifest last. Memory stays bounded by a batch of rows and one upload part per file. A
 * failure aborts the uploads and publishes nothing: without its manifest the date is not listed,
 * and the next run writes it whole.
 */
export async function writeSnapshot<Row, Rec>(
  bucket: R2Bucket,
  spec: ListSpec<Row, Rec>,
  opts: { date: string; generatedAt: string; runId: number | null; partBytes?: number },
): Promise<SnapshotResult> {
  const { date, generatedAt } = opts;
  if (await readManifest(bucket, date)) return { skipped: true, date };

  const partBytes = opts.partBytes ?? PART_BYTES;
  const csv = new ObjectWriter(
    bucket,
    snapshotKey(date, "proposals.csv"),
    "proposals.csv",
    partBytes,
  );
  const json = new ObjectWriter(
    bucket,
    snapshotKey(date, "proposals.json"),
    "proposals.json",
    partBytes,
  );
  try {
    // The same text the streamed export sends: its CSV writer (formula-neutralised cells) and
    // its JSON document, `snapshot_at` being when reading began.
    await json.write(`{"snapshot_at":${JSON.stringify(generatedAt)},"data":[`);
    let rows = 0;
    let after: KeysetPosition | undefined;
    for (;;) {
      const page = await spec.page(after, BATCH);
      const records = page.map(spec.record);
      if (records.length || rows === 0) await csv.write(csvText(spec.csv, records, rows === 0));
      if (records.length) {
        const text = records.map((r) => JSON.stringify(r)).join(",");
        await json.write(rows === 0 ? text : `,${text}`);
      }
      rows += records.length;
      const last = page.at(-1);
      if (last) after = spec.position(last);
      if (page.length < BATCH) break;
    }
    await json.write("]}");
    const files: ManifestFile[] = [
      { ...(await csv.finish()), rows },
      { ...(await json.finish()), rows },
    ];

    const descriptor = JSON.stringify(
      dataPackage({ date, generatedAt, header: spec.csv.header, files }),
      null,
      2,
    );
    files.push({ ...(await putWhole(bucket, date, DATAPACKAGE, descriptor)), rows: null });

    const manifest: Manifest = {
      date,
      generated_at: generatedAt,
      job_run_id: opts.runId,
      methodology_version: METHODOLOGY_VERSION,
      rows,
      files,
    };
    const text = JSON.stringify(manifest, null, 2);
    // Last: from here on the snapshot is listed. Its custom metadata carries the manifest too,
    // so a listing of the bucket answers /v1/exports without reading each object.
    await putWhole(bucket, date, MANIFEST, text, { manifest: JSON.stringify(manifest) });
    return { skipped: false, date, manifest };
  } catch (err) {
    await Promise.allSettled([csv.abort(), json.abort()]);
    throw err;
  }
}

async function putWhole(
  bucket: R2Bucket,
  date: string,
  file: SnapshotFile,
  text: string,
  metadata: Record<string, string> = {},
): Promise<Omit<ManifestFile, "rows">> {
  const body = new TextEncoder().encode(text);
  const sha256 = createHash("sha256").update(body).digest("hex");
  await bucket.put(snapshotKey(date, file), body, {
    httpMetadata: { contentType: MEDIA_TYPES[file] },
    customMetadata: { sha256, ...metadata },
    sha256,
  });
  return { name: file, media_type: MEDIA_TYPES[file], bytes: body.byteLength, sha256 };
}

/**
 * One object written in order, hashed as it goes: a single put when it fits in one part,
 * otherwise a multipart upload of `partBytes` parts (held in memory one at a time).
 */
export class ObjectWriter {
  private readonly hash: Hash = createHash("sha256");
  private readonly encoder = new TextEncoder();
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private bytes = 0;
  private upload: R2MultipartUpload | undefined;
  private readonly parts: R2UploadedPart[] = [];

  private readonly bucket: R2Bucket;
  private readonly key: string;
  private readonly name: SnapshotFile;
  private readonly partBytes: number;

  constructor(bucket: R2Bucket, key: string, name: SnapshotFile, partBytes: number) {
    this.bucket = bucket;
    this.key = key;
    this.name = name;
    this.partBytes = partBytes;
  }

  async write(text: string) {
    if (!text) return;
    const chunk = this.encoder.encode(text);
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.byteLength;
    while (this.bufferedBytes >= this.partBytes) await this.sendPart(this.partBytes);
  }

  /** Upload what is left; the file's name, type, size and SHA-256. */
  async finish(): Promise<Omit<ManifestFile, "rows">> {
    const contentType = MEDIA_TYPES[this.name];
    const sha256 = this.hash.digest("hex");
    if (!this.upload) {
      await this.bucket.put(this.key, this.take(this.bufferedBytes), {
        httpMetadata: { contentType },
        customMetadata: { sha256 },
        sha256,
      });
    } else {
      if (this.bufferedBytes > 0) await this.sendPart(this.bufferedBytes);
      await this.upload.complete(this.parts);
    }
    return { name: this.name, media_type: contentType, bytes: this.bytes, sha256 };
  }

  async abort() {
    await this.upload?.abort();
  }

  private async sendPart(size: number) {
    this.upload ??= await this.bucket.createMultipartUpload(this.key, {
      httpMetadata: { contentType: MEDIA_TYPES[this.name] },
    });
    const part = await this.upload.uploadPart(this.parts.length + 1, this.take(size));
    this.parts.push(part);
  }

  /** The first `size` buffered bytes as one array; the rest stays buffered. */
  private take(size: number): Uint8Array {
    const whole = new Uint8Array(this.bufferedBytes);
    let at = 0;
    for (const chunk of this.buffered) {
      whole.set(chunk, at);
      at += chunk.byteLength;
    }
    const rest = whole.subarray(size);
    this.buffered = rest.byteLength ? [rest.slice()] : [];
    this.bufferedBytes = rest.byteLength;
    return whole.subarray(0, size);
  }
}
