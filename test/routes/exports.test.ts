import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalListSpec } from "../../worker/domain/proposals.ts";
import { writeSnapshot } from "../../worker/domain/snapshot-writer.ts";
import type { Env } from "../../worker/env.ts";
import worker from "../../worker/index.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

// This file's bucket is its own (storage is isolated per test file): the snapshots below are
// the only ones its Worker sees. The two dates are written once, before the tests.
const { db, close } = testDb();
afterAll(() => close());

const OLDER = "2030-01-01";
const NEWER = "2030-01-02";
let slug = "";

type Listing = {
  retention_days: number;
  latest_url: string | null;
  data: {
    date: string;
    generated_at: string;
    rows: number;
    files: { name: string; rows: number | null; bytes: number; sha256: string; url: string }[];
    manifest_url: string;
    datapackage_url: string;
  }[];
};

beforeAll(async () => {
  if (!env.EXPORTS) throw new Error("the EXPORTS bucket is not bound in wrangler.toml");
  ({ slug } = await makeProposals(db, [
    { title: "First", claimedSavings: "10.00" },
    { title: "Second", claimedSavings: "-2.50" },
  ]));
  const spec = proposalListSpec(
    db,
    { methodologyVersion: METHODOLOGY_VERSION, commission: slug, removed: "any" },
    { name: "id", desc: false },
  );
  for (const [date, runId] of [
    [OLDER, 1],
    [NEWER, 2],
  ] as const) {
    await writeSnapshot(env.EXPORTS, spec, {
      date,
      generatedAt: `${date}T00:15:00.000Z`,
      runId,
    });
  }
});

/** The Worker with other bindings, e.g. a database that never answers. */
async function fetchWith(vars: Partial<Env>, path: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://cutwatch.test${path}`, init),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function sha256(bytes: ArrayBuffer) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("GET /v1/exports", () => {
  it("lists the snapshots newest first, each file with its size, rows, SHA-256 and URL, and the retention", async () => {
    const res = await call("/v1/exports");
    expect(res.status).toBe(200);
    const body = await json<Listing>(res);
    expect(body.retention_days).toBe(90);
    expect(body.latest_url).toBe("/v1/exports/latest/manifest.json");
    expect(body.data.map((s) => s.date)).toEqual([NEWER, OLDER]);
    const [newest] = body.data;
    expect(newest).toMatchObject({
      date: NEWER,
      generated_at: `${NEWER}T00:15:00.000Z`,
      rows: 2,
      manifest_url: `/v1/exports/${NEWER}/manifest.json`,
      datapackage_url: `/v1/exports/${NEWER}/datapackage.json`,
    });
    expect(newest?.files.map((f) => [f.name, f.rows, f.url])).toEqual([
      ["proposals.csv", 2, `/v1/exports/${NEWER}/proposals.csv`],
      ["proposals.json", 2, `/v1/exports/${NEWER}/proposals.json`],
      ["datapackage.json", null, `/v1/exports/${NEWER}/datapackage.json`],
    ]);
  });

  it("answers without the database: listing and files work while it never answers", async () => {
    const dead = { DATABASE_URL: "postgres://nobody@127.0.0.1:9/none", DB_TIMEOUT_MS: "200" };
    const list = await fetchWith(dead, "/v1/exports");
    expect(list.status).toBe(200);
    expect(list.headers.get("server-timing") ?? "").not.toMatch(/\bdb;/);
    await list.text();
    const file = await fetchWith(dead, `/v1/exports/${NEWER}/proposals.csv`);
    expect(file.status).toBe(200);
    await file.text();
  });
});

describe("GET /v1/exports/{date}/{file}", () => {
  it("serves a file from the bucket with its SHA-256 as a strong ETag, immutable caching and its type", async () => {
    const { data } = await json<Listing>(await call("/v1/exports"));
    const described = data[1]?.files.find((f) => f.name === "proposals.csv");
    const res = await call(`/v1/exports/${OLDER}/proposals.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("etag")).toBe(`"${described?.sha256}"`);
    const bytes = await res.arrayBuffer();
    expect(bytes.byteLength).toBe(described?.bytes);
    expect(await sha256(bytes)).toBe(described?.sha256);
    const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as {
      title: string;
      claimed_savings: string;
    }[];
    expect(rows.map((r) => [r.title, r.claimed_savings])).toEqual([
      ["First", "10.00"],
      ["Second", "-2.50"],
    ]);

    const manifest = await call(`/v1/exports/${OLDER}/manifest.json`);
    expect(manifest.headers.get("content-type")).toMatch(/^application\/json/);
    const manifestBytes = await manifest.arrayBuffer();
    expect(manifest.headers.get("etag")).toBe(`"${await sha256(manifestBytes)}"`);
    const descriptor = await call(`/v1/exports/${OLDER}/datapackage.json`);
    expect((await json<{ resources: unknown[] }>(descriptor)).resources).toHaveLength(2);
  });

  it("honours a byte Range with 206 (416 past the end), and answers HEAD without a body", async () => {
    const url = `/v1/exports/${OLDER}/proposals.csv`;
    const whole = new Uint8Array(await (await call(url)).arrayBuffer());
    const size = whole.byteLength;

    const first = await call(url, { headers: { Range: "bytes=0-9" } });
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe(`bytes 0-9/${size}`);
    expect(first.headers.get("content-length")).toBe("10");
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(whole.slice(0, 10));

    const tail = await call(url, { headers: { Range: "bytes=-5" } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(whole.slice(size - 5));
    const rest = await call(url, { headers: { Range: `bytes=${size - 3}-` } });
    expect(rest.headers.get("content-range")).toBe(`bytes ${size - 3}-${size - 1}/${size}`);
    expect(new Uint8Array(await rest.arrayBuffer())).toEqual(whole.slice(size - 3));

    const past = await call(url, { headers: { Range: `bytes=${size}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${size}`);
    await past.arrayBuffer();

    const head = await call(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(size));
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers 304 to If-None-Match with the file's ETag", async () => {
    const first = await call(`/v1/exports/${OLDER}/proposals.json`);
    const etag = first.headers.get("etag") ?? "";
    await first.text();
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await call(`/v1/exports/${OLDER}/proposals.json`, {
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const other = await call(`/v1/exports/${OLDER}/proposals.json`, {
      headers: { "If-None-Match": '"0000"' },
    });
    expect(other.status).toBe(200);
    await other.text();
  });

  it("serves latest as the newest date's file, cached briefly and naming the dated URL", async () => {
    const res = await call("/v1/exports/latest/proposals.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-location")).toBe(`/v1/exports/${NEWER}/proposals.csv`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const dated = await call(`/v1/exports/${NEWER}/proposals.csv`);
    expect(res.headers.get("etag")).toBe(dated.headers.get("etag"));
    expect(await res.text()).toBe(await dated.text());
  });

  it.each([
    ["an unknown date", "/v1/exports/2029-12-31/proposals.csv"],
    ["an unknown file", `/v1/exports/${NEWER}/members.csv`],
  ])("answers 404 problem+json for %s", async (_what, path) => {
    const res = await call(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await json<Problem>(res)).type).toBe("/problems/not-found");
  });

  it.each([
    ["a date that is no date", "/v1/exports/2030-13-45/proposals.csv", "date"],
    ["a day no calendar has", "/v1/exports/2030-02-30/proposals.csv", "date"],
    ["a date of another form", "/v1/exports/20300102/proposals.csv", "date"],
    ["a file name of another kind", `/v1/exports/${NEWER}/proposals.xlsx`, "file"],
    ["a file name with odd characters", `/v1/exports/${NEWER}/..%2Fmanifest.json`, "file"],
  ])("answers 400 problem+json naming the field for %s", async (_what, path, field) => {
    const res = await call(path);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await json<Problem>(res)).errors?.map((e) => e.name)).toEqual([field]);
  });
});

describe("the full download", () => {
  it("serves the newest snapshot instead of reading the database", async () => {
    for (const format of ["csv", "json"] as const) {
      const res = await fetchWith(
        { DATABASE_URL: "postgres://nobody@127.0.0.1:9/none", DB_TIMEOUT_MS: "200" },
        `/v1/export/proposals.${format}`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("content-location")).toBe(`/v1/exports/${NEWER}/proposals.${format}`);
      expect(res.headers.get("x-snapshot-at")).toBe(`${NEWER}T00:15:00.000Z`);
      const dated = await call(`/v1/exports/${NEWER}/proposals.${format}`);
      expect(await res.text()).toBe(await dated.text());
    }
  });

  it("ends a stream when its slot's lease ends, so a slow reader cannot keep the slot", async () => {
    const limit = { EXPORT_CONCURRENCY: "1", EXPORT_LEASE_MS: "300" };
    const path = `/v1/proposals?commission=${slug}&format=csv`;
    const held = await fetchWith(limit, path);
    expect(held.status).toBe(200);
    // The client reads nothing for longer than the lease: the stream is ended, not left running.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(held.text()).rejects.toThrow();
    const next = await fetchWith(limit, path);
    expect(next.status).toBe(200);
    expect(await next.text()).toMatch(/^id,/);
  });

  it("keeps streamed filtered exports, and answers 429 with Retry-After past their concurrency limit", async () => {
    const limit = { EXPORT_CONCURRENCY: "1" };
    const path = `/v1/proposals?commission=${slug}&format=csv`;
    const held = await fetchWith(limit, path);
    expect(held.status).toBe(200);
    const busy = await fetchWith(limit, path);
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(busy.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await json<Problem>(busy)).detail).toMatch(/\/v1\/exports/);
    // A page with a limit is not a stream: it is still answered.
    const page = await fetchWith(limit, `/v1/proposals?commission=${slug}&format=csv&limit=1`);
    expect(page.status).toBe(200);
    await page.text();
    // The held stream, read to its end, frees its slot.
    expect(parse(await held.text(), { columns: true })).toHaveLength(2);
    const next = await fetchWith(limit, path);
    expect(next.status).toBe(200);
    // A client that goes away frees its slot too.
    await next.body?.cancel();
    const after = await fetchWith(limit, path);
    expect(after.status).toBe(200);
    await after.text();
  });
});
