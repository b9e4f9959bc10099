/**
 * The database goes away under a running Worker: every request gets a quick 503 problem+json
 * with Retry-After (never a 500, never a hang), and once the database is back the same Worker
 * serves again, with no restart. The database is cut off by stopping this stack's own proxy
 * between the Worker and Postgres; the Postgres server itself is never stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  expect(r.res.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(r.body) as { type: string; status: number };
  expect(problem.status).toBe(503);
  expect(problem.type).toMatch(/^\/problems\/(database-unavailable|migrations-pending)$/);
  expect(Number(r.res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(r.ms, `${what} took ${Math.round(r.ms)} ms`).toBeLessThan(QUICK_MS);
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
