import { env } from "cloudflare:workers";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { proposalExportSpec } from "../../worker/domain/proposal-export.ts";
import { proposalListSpec } from "../../worker/domain/proposals.ts";
import { ObjectWriter, writeSnapshot } from "../../worker/domain/snapshot-writer.ts";
import {
  listSnapshots,
  type Manifest,
  readManifest,
  snapshotKey,
} from "../../worker/domain/snapshots.ts";
import { readConfig } from "../../worker/env.ts";
import { CRON_STEPS } from "../../worker/jobs/crons.ts";
import { runStep, type StepContext } from "../../worker/jobs/run-step.ts";
import { snapshotStep } from "../../worker/jobs/snapshot/step.ts";
import { SubrequestBudget } from "../../worker/jobs/sources/http.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { testDb } from "../helpers/db.ts";
import { call } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

// Each test file has a bucket of its own (the Workers test pool isolates storage per file), so
// the snapshots written here are the only ones this file's Worker sees.
const { db, close } = testDb();
afterAll(() => close());

const bucket = () => {
  if (!env.EXPORTS) throw new Error("the EXPORTS bucket is not bound in wrangler.toml");
  return env.EXPORTS;
};

function stepContext(now: Date, overrides: Partial<StepContext["config"]> = {}): StepContext {
  return {
    config: { ...readConfig(env), ...overrides },
    policy: {
      budget: new SubrequestBudget(1),
      timeoutMs: 1000,
      retries: 0,
      baseDelayMs: 0,
      maxDelayMs: 0,
    },
    exports: bucket(),
    now: () => now,
  };
}

/** Run the step as the job does: a job_runs row, its id in the manifest. */
function runSnapshot(ctx: StepContext) {
  return runStep(db, "snapshot", "test", (runId) => snapshotStep(db, { ...ctx, runId }));
}

async function text(date: string, file: Parameters<typeof snapshotKey>[1]) {
  const object = await bucket().get(snapshotKey(date, file));
  if (!object) throw new Error(`no ${date}/${file}`);
  return new Uint8Array(await object.arrayBuffer());
}

async function sha256(bytes: Uint8Array) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Every key and its R2 etag (which changes on any rewrite) under a date. */
async function objectsOf(date: string) {
  const listed = await bucket().list({ prefix: `snapshots/${date}/` });
  return listed.objects.map((o) => `${o.key}@${o.etag}@${o.uploaded.toISOString()}`).sort();
}

const TRICKY = [
  { title: '=HYPERLINK("http://evil.example","x")', claimedSavings: "-12.50" },
  { title: 'A "quoted", two-line\ntitle', claimedSavings: "1234567890123.45" },
  { title: "----------", claimedSavings: null },
];

describe("the snapshot step", () => {
  it("runs in the schedule that assesses, after the assessments", () => {
    const schedules = Object.values(CRON_STEPS).filter((steps) =>
      (steps as readonly string[]).includes("snapshot"),
    );
    expect(schedules).toHaveLength(1);
    const steps = schedules[0] as readonly string[];
    expect(steps.indexOf("snapshot")).toBeGreaterThan(steps.indexOf("assess"));
    expect(steps.indexOf("assess")).toBeGreaterThanOrEqual(0);
  });

  it("writes CSV, JSON, a Data Package descriptor and a manifest whose rows, sizes and SHA-256 match the files", async () => {
    const { slug } = await makeProposals(db, TRICKY);
    const now = new Date("2031-03-04T00:15:00.000Z");
    const run = await runSnapshot(stepContext(now));
    expect(run.status).toBe("succeeded");
    expect(run.counts).toMatchObject({ written: 4, skipped: 0, deleted: 0 });

    const manifest = JSON.parse(
      new TextDecoder().decode(await text("2031-03-04", "manifest.json")),
    );
    expect(manifest).toMatchObject({
      date: "2031-03-04",
      generated_at: now.toISOString(),
      job_run_id: run.id,
      methodology_version: METHODOLOGY_VERSION,
    });
    expect(run.counts?.fetched).toBe(manifest.rows);
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual([
      "proposals.csv",
      "proposals.json",
      "datapackage.json",
    ]);
    for (const file of manifest.files as Manifest["files"]) {
      const bytes = await text("2031-03-04", file.name);
      expect(file.bytes).toBe(bytes.byteLength);
      expect(file.sha256).toBe(await sha256(bytes));
    }

    const csvRows = parse(new TextDecoder().decode(await text("2031-03-04", "proposals.csv")), {
      columns: true,
    }) as Record<string, string>[];
    const jsonDoc = JSON.parse(
      new TextDecoder().decode(await text("2031-03-04", "proposals.json")),
    );
    expect(csvRows).toHaveLength(manifest.rows);
    expect(jsonDoc.data).toHaveLength(manifest.rows);
    expect(jsonDoc.snapshot_at).toBe(now.toISOString());
    expect(manifest.files[0].rows).toBe(manifest.rows);
    // The same rows in both files, in id order; formulas neutralised, money as decimal strings.
    expect(csvRows.map((r) => Number(r.id))).toEqual(jsonDoc.data.map((r: { id: number }) => r.id));
    const own = csvRows.filter((r) => r.commission === slug);
    expect(own.map((r) => [r.title, r.claimed_savings])).toEqual([
      [`'${TRICKY[0]?.title}`, "-12.50"],
      [TRICKY[1]?.title, "1234567890123.45"],
      [`'----------`, ""],
    ]);
    const ownJson = jsonDoc.data.filter((r: { commission: string }) => r.commission === slug);
    expect(ownJson.map((r: { claimed_savings: unknown }) => r.claimed_savings)).toEqual([
      "-12.50",
      "1234567890123.45",
      null,
    ]);

    const descriptor = JSON.parse(
      new TextDecoder().decode(await text("2031-03-04", "datapackage.json")),
    );
    const [csvResource, jsonResource] = descriptor.resources;
    expect(csvResource).toMatchObject({
      path: "proposals.csv",
      format: "csv",
      mediatype: "text/csv",
      bytes: manifest.files[0].bytes,
      hash: `sha256:${manifest.files[0].sha256}`,
    });
    expect(jsonResource).toMatchObject({
      path: "proposals.json",
      format: "json",
      mediatype: "application/json",
      bytes: manifest.files[1].bytes,
      hash: `sha256:${manifest.files[1].sha256}`,
    });
    const fields = csvResource.schema.fields as { name: string; type: string }[];
    expect(fields.map((f) => f.name)).toEqual(Object.keys(csvRows[0] ?? {}));
    const typeOf = Object.fromEntries(fields.map((f) => [f.name, f.type]));
    expect(typeOf).toMatchObject({
      id: "integer",
      claimed_savings: "number",
      claim_date: "date",
      first_seen_at: "datetime",
      removed: "boolean",
      sources: "array",
      receipt_dates: "object",
      title: "string",
    });
  });

  it("writes the CSV the streamed export gives for the same rows, byte for byte", async () => {
    const { slug } = await makeProposals(db, [...TRICKY, { title: "+plain", claimedSavings: "7" }]);
    const spec = proposalListSpec(
      db,
      { methodologyVersion: METHODOLOGY_VERSION, commission: slug, removed: "any" },
      { name: "id", desc: false },
    );
    await writeSnapshot(bucket(), spec, {
      date: "2031-05-06",
      generatedAt: new Date().toISOString(),
      runId: null,
    });
    const streamed = await call(`/v1/proposals?commission=${slug}&removed=any&sort=id&format=csv`);
    expect(streamed.headers.get("content-type")).toMatch(/^text\/csv/);
    const expected = await streamed.text();
    expect(new TextDecoder().decode(await text("2031-05-06", "proposals.csv"))).toBe(expected);
    // And the snapshot step reads the whole dataset with the full export's own list.
    expect(proposalExportSpec(db).csv).toBe(spec.csv);
  });

  it("changes nothing when run again the same day, and says it skipped", async () => {
    const now = new Date("2031-07-08T00:15:00.000Z");
    const first = await runSnapshot(stepContext(now));
    expect(first.counts).toMatchObject({ written: 4, skipped: 0 });
    const before = await objectsOf("2031-07-08");
    await makeProposals(db, [{ title: "Added after the day's snapshot" }]);
    const later = new Date("2031-07-08T23:45:00.000Z");
    const second = await runSnapshot(stepContext(later));
    expect(second.status).toBe("succeeded");
    expect(second.counts).toMatchObject({ written: 0, skipped: 1, fetched: 0 });
    expect(await objectsOf("2031-07-08")).toEqual(before);
    expect((await readManifest(bucket(), "2031-07-08"))?.job_run_id).toBe(first.id);
  });

  it("deletes snapshots older than the retention, and only those", async () => {
    const today = "2032-06-30";
    const days = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const fake = async (date: string, withManifest: boolean) => {
      await bucket().put(snapshotKey(date, "proposals.csv"), "id\r\n");
      if (withManifest) {
        const manifest = { date, generated_at: `${date}T00:00:00.000Z`, files: [], rows: 0 };
        await bucket().put(snapshotKey(date, "manifest.json"), JSON.stringify(manifest), {
          customMetadata: { manifest: JSON.stringify(manifest), sha256: "0" },
        });
      }
    };
    // Ten days kept: today and the nine before it.
    const kept = [days(9), days(1)];
    const expired = [days(10), days(45)];
    for (const date of [...kept, ...expired]) await fake(date, true);
    // A failed run's leftovers (no manifest) of an expired date go too.
    await fake(days(300), false);

    // Whatever else this file's tests left before the ten days goes too.
    const before = await bucket().list({ prefix: "snapshots/" });
    const older = new Set(
      before.objects.map((o) => o.key.split("/")[1] ?? "").filter((d) => d < days(9)),
    );
    const run = await runSnapshot(
      stepContext(new Date(`${today}T00:15:00.000Z`), { SNAPSHOT_RETENTION_DAYS: 10 }),
    );
    expect(older.size).toBeGreaterThanOrEqual(3);
    expect(run.counts).toMatchObject({ written: 4, deleted: older.size });
    const listed = (await listSnapshots(bucket())).map((m) => m.date);
    for (const date of [today, ...kept]) expect(listed).toContain(date);
    for (const date of [...expired, days(300)]) {
      expect(listed).not.toContain(date);
      expect((await bucket().list({ prefix: `snapshots/${date}/` })).objects).toEqual([]);
    }
    expect(listed.filter((d) => d < days(9))).toEqual([]);
  });

  it("leaves no listed snapshot when writing fails half-way, and writes it whole on the next run", async () => {
    const date = "2033-01-02";
    const failing = new Proxy(bucket(), {
      get(target, prop) {
        if (prop === "put") {
          return (key: string, ...rest: unknown[]) => {
            if (key.endsWith("/datapackage.json")) throw new Error("storage went away");
            return (target.put as (...a: unknown[]) => unknown).call(target, key, ...rest);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const spec = proposalExportSpec(db);
    await expect(
      writeSnapshot(failing, spec, { date, generatedAt: new Date().toISOString(), runId: null }),
    ).rejects.toThrow("storage went away");
    // The data files were stored, but without a manifest the date is not a snapshot.
    expect(await bucket().head(snapshotKey(date, "proposals.csv"))).not.toBeNull();
    expect((await listSnapshots(bucket())).map((m) => m.date)).not.toContain(date);
    const listing = await call("/v1/exports");
    const body = (await listing.json()) as { data: { date: string }[] };
    expect(body.data.map((s) => s.date)).not.toContain(date);
    expect((await call(`/v1/exports/${date}/proposals.csv`)).status).toBe(404);

    const run = await runSnapshot(stepContext(new Date(`${date}T00:45:00.000Z`)));
    expect(run.counts).toMatchObject({ written: 4, skipped: 0 });
    expect((await listSnapshots(bucket())).map((m) => m.date)).toContain(date);
  });

  it("uploads a file larger than a part in parts, hashing it whole", async () => {
    const part = 5 * 1024 * 1024;
    const writer = new ObjectWriter(
      bucket(),
      "snapshots/parts-test/proposals.csv",
      "proposals.csv",
      part,
    );
    const line = `${"x".repeat(1023)}\n`;
    for (let i = 0; i < 12 * 1024; i++) await writer.write(line);
    const written = await writer.finish();
    const stored = await bucket().get("snapshots/parts-test/proposals.csv");
    const bytes = new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0));
    expect(bytes.byteLength).toBe(12 * 1024 * 1024);
    expect(written).toMatchObject({ bytes: bytes.byteLength, sha256: await sha256(bytes) });
    await bucket().delete("snapshots/parts-test/proposals.csv");
  });
});
