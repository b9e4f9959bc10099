/**
 * The database goes away under a running Worker: every request gets a quick 503 problem+json
 * with Retry-After (never a 500, never a hang), and once the database is back the same Worker
 * serves again, with no restart. The database is cut off by stopping this stack's own proxy
 * between the Worker and Postgres; the Postgres server itself is never stopped.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type LiveApi, liveCommission, liveKey, startLiveApi } from "./stack.ts";

/** The API's connect timeout here, and how long a "quick" 503 may take. */
const DB_TIMEOUT_MS = 2000;
const QUICK_MS = 5000;

let api: LiveApi;
let auth: Record<string, string>;
let slug: string;

beforeAll(async () => {
  api = await startLiveApi({
    seed: "reference",
    vars: {
      DB_TIMEOUT_MS: String(DB_TIMEOUT_MS),
      RATE_LIMIT_READS: "1000000",
      RATE_LIMIT_WRITES: "1000000",
      // The database path itself: with the read cache on, a read cached before the outage
      // would (rightly) still be served from the cache during it.
      READ_CACHE_TTL: "0",
    },
  });
  auth = (await liveKey(api)).auth;
  slug = (await liveCommission(api)).slug;
});
afterAll(async () => {
  await api?.startDatabase();
  await api?.close();
});

type Timed = { status: number; ms: number; res: Response; body: string };

async function timed(path: string, init?: RequestInit): Promise<Timed> {
  const start = performance.now();
  const res = await api.fetch(path, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - start, res, body };
}

function proposal(title: string) {
  return JSON.stringify({ commission: slug, kind: "contract", title, claimed_savings: "100.00" });
}

function write(title: string, key?: string): Promise<Timed> {
  return timed("/v1/proposals", {
    method: "POST",
    headers: {
      ...auth,
      "Content-Type": "application/json",
      ...(key ? { "Idempotency-Key": key } : {}),
    },
    body: proposal(title),
  });
}

const REQUESTS: [string, () => Promise<Timed>][] = [
  ["the health check", () => timed("/healthz")],
  ["a list", () => timed("/v1/proposals?limit=5")],
  ["a CSV list", () => timed("/v1/proposals?format=csv")],
  ["a record", () => timed("/v1/commissions/doge")],
  ["the savings summary", () => timed("/v1/savings/summary")],
  ["a feed", () => timed("/feeds/changes.atom")],
  ["the export", () => timed("/v1/export/proposals.csv")],
  ["a write", () => write("written while the database is down")],
];

function expectUnavailable(r: Timed, what: string) {
  expect(r.status, `${what}: ${r.body}`).toBe(503);
  expect(r.res.headers.get("content-type"), `${what}: ${r.body}`).toBe("application/problem+json");
  const problem = JSON.parse(r.body) as { type: string; status: number };
  expect(problem.status).toBe(503);
  expect(problem.type).toMatch(/^\/problems\/(database-unavailable|migrations-pending)$/);
  expect(Number(r.res.headers.get("retry-after"))).toBeGreaterThan(0);
  // Never cached, nor validated as if it were the resource: the outage must not outlast itself
  // (a keyed request's answer is private too).
  expect(r.res.headers.get("cache-control"), what).toMatch(/^(private, )?no-store$/);
  expect(r.res.headers.get("etag"), what).toBeNull();
  expect(r.res.headers.get("link"), what).toBeNull();
  expect(r.ms, `${what} took ${Math.round(r.ms)} ms`).toBeLessThan(QUICK_MS);
}

/** What the Worker logged about errors it did not expect, for a failure's message. */
function errorsLogged() {
  const lines = api.output().split("\n");
  const at = lines.findIndex((line) => line.includes("unhandled error"));
  return at < 0 ? "(nothing logged)" : lines.slice(at, at + 40).join("\n");
}

async function waitForRecovery() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await timed("/v1/proposals?limit=1");
    if (r.status === 200) return;
    expect(r.status).toBe(503);
    if (Date.now() > deadline) throw new Error("the API did not recover within 15 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectServing() {
  await waitForRecovery();
  for (const [what, request] of REQUESTS) {
    const r = await request();
    expect(r.status, `${what} after recovery: ${r.body}`).toBeLessThan(300);
  }
}

describe.each([
  ["refuses connections", "refuse"],
  ["accepts connections and never answers", "hang"],
] as const)("with the database gone (it %s)", (_, mode) => {
  it("answers every request with a quick 503 problem+json and Retry-After, then recovers with no restart", async () => {
    await expectServing();
    await api.stopDatabase(mode);
    try {
      for (const [what, request] of REQUESTS) expectUnavailable(await request(), what);
    } finally {
      await api.startDatabase();
    }
    await expectServing();
  });
});

describe("the database going down mid-run", () => {
  it("turns requests in flight into 503s, loses no acknowledged write and writes none twice", async () => {
    onTestFailed(async () => {
      console.log(api.output().split("\n").slice(-150).join("\n"));
      // What the database was doing, for a hang.
      const { db, close } = api.connect();
      const activity = await db
        .execute(
          sql`select pid, state, wait_event_type, wait_event, now() - xact_start as in_xact, left(query, 120) as query
              from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        )
        .catch((err: Error) => ({ rows: [err.message] }));
      console.log(activity.rows);
      await close();
    });
    await waitForRecovery();
    const writes = new Map<string, number>(); // idempotency key → last status
    const statuses: number[] = [];
    const failures: string[] = [];
    let slowest = 0;
    let stop = false;
    let n = 0;
    const client = async (id: number) => {
      while (!stop) {
        // This request's own number: `n` moves on while it is in flight, as the other clients count.
        n += 1;
        const seq = n;
        const r =
          seq % 3 === 0
            ? await write(`mid-run ${id}-${seq}`, `mid-run-${id}-${seq}`).then((w) => {
                writes.set(`mid-run-${id}-${seq}`, w.status);
                return w;
              })
            : await timed(`/v1/proposals?commission=${slug}&limit=20`);
        statuses.push(r.status);
        slowest = Math.max(slowest, r.ms);
        if (r.status >= 500) {
          try {
            expectUnavailable(r, `request ${seq}`);
          } catch (err) {
            failures.push((err as Error).message);
          }
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));
    await new Promise((r) => setTimeout(r, 1500));
    await api.stopDatabase("refuse");
    await new Promise((r) => setTimeout(r, 2000));
    await api.startDatabase();
    await new Promise((r) => setTimeout(r, 3000));
    stop = true;
    await Promise.all(clients);

    expect(failures, errorsLogged()).toEqual([]);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
    expect(slowest).toBeLessThan(QUICK_MS);

    // A write answered 503 may or may not have committed before the connection was cut; its
    // client retries with the same Idempotency-Key and gets the one outcome, never a second row.
    // (All at once, as the clients would: a retry that waited on another would show as a hang.)
    const retries = [...writes].filter(([, status]) => status !== 201);
    const retried = await Promise.all(
      retries.map(([key]) => {
        const [, id, count] = /^mid-run-(\d+)-(\d+)$/.exec(key) ?? [];
        return write(`mid-run ${id}-${count}`, key);
      }),
    );
    for (const retry of retried) expect(retry.status, retry.body).toBe(201);
    const { db, close } = api.connect();
    try {
      const rows = await db.execute<{ title: string; n: number }>(
        sql`select p.title, count(*)::int as n from proposals p
            join commissions c on c.id = p.commission_id
            where c.slug = ${slug} and p.title like 'mid-run %' group by p.title`,
      );
      const titles = new Map(rows.rows.map((r) => [r.title, r.n]));
      expect([...titles.values()].filter((count) => count !== 1)).toEqual([]);
      expect(titles.size).toBe(writes.size);
    } finally {
      await close();
    }
  });
});
