/**
 * Load: 50 connections for 60 s (LOAD_SECONDS, LOAD_CONNECTIONS to change) of mixed reads and
 * writes against the whole local stack, seeded with the real DOGE receipts. No answer may be a
 * 5xx or fail to arrive; afterwards the database must hold exactly the writes the clients were
 * told succeeded: every created claim once, every acknowledged edit as one version, nothing
 * else. Creates carry an Idempotency-Key, and some are sent twice, as a client retrying would.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveApi, liveCommission, liveKey, startLiveApi } from "./stack.ts";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 50);
/** One answer slower than this counts as lost. */
const REQUEST_TIMEOUT_MS = 30_000;

let api: LiveApi;
let auth: Record<string, string>;
let slug: string;

beforeAll(async () => {
  api = await startLiveApi({
    seed: true,
    vars: { RATE_LIMIT_READS: "100000000", RATE_LIMIT_WRITES: "100000000" },
  });
  auth = (await liveKey(api)).auth;
  slug = (await liveCommission(api)).slug;
}, 180_000);
afterAll(() => api?.close());

type Created = { id: number; etag: string; edits: number };

/** What the clients were told, to hold the database to afterwards. */
const told = {
  requests: 0,
  byStatus: new Map<number, number>(),
  failures: [] as string[],
  latencies: [] as number[],
  created: new Map<string, Created>(), // Idempotency-Key → the claim it created
  replays: 0,
  edits: 0,
};

async function send(what: string, path: string, init?: RequestInit): Promise<Response | null> {
  const start = performance.now();
  let res: Response;
  try {
    res = await api.fetch(path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    told.failures.push(`${what}: no answer (${(err as Error).message})`);
    return null;
  }
  told.latencies.push(performance.now() - start);
  told.requests += 1;
  told.byStatus.set(res.status, (told.byStatus.get(res.status) ?? 0) + 1);
  if (res.status >= 500) {
    told.failures.push(`${what}: ${res.status} ${await res.text()}`);
    return null;
  }
  return res;
}

const READS = [
  "/v1/proposals?limit=50&sort=-claimed_savings&kind=contract",
  "/v1/proposals?limit=50&agency=012&sort=claim_date",
  "/v1/proposals?limit=20&q=lease",
  "/v1/proposals?limit=100&status=announced&min_claimed_savings=100000",
  "/v1/agencies?limit=50",
  "/v1/commissions/doge",
  "/v1/members?commission=doge",
  "/v1/savings/summary?commission=doge",
  "/v1/savings/by-agency?commission=doge",
  "/v1/changes?limit=50",
  "/feeds/changes.json",
];

async function client(n: number, until: number) {
  let i = 0;
  let mine: { key: string; created: Created } | undefined;
  while (performance.now() < until) {
    i += 1;
    const roll = (n * 7919 + i * 104729) % 100;
    if (roll < 12) {
      // Create a claim; one create in five is sent twice with the same key (a retry).
      const key = `load-${n}-${i}`;
      const body = JSON.stringify({
        commission: slug,
        kind: "contract",
        title: `load ${key}`,
        claimed_savings: `${(n * 1000 + i) % 100000}.50`,
      });
      const headers = { ...auth, "Content-Type": "application/json", "Idempotency-Key": key };
      const times = roll < 3 ? 2 : 1;
      for (let t = 0; t < times; t++) {
        const res = await send(`create ${key}`, "/v1/proposals", { method: "POST", headers, body });
        if (!res) continue;
        if (res.status !== 201) {
          told.failures.push(`create ${key}: ${res.status} ${await res.text()}`);
          continue;
        }
        const data = ((await res.json()) as { data: { id: number } }).data;
        const earlier = told.created.get(key);
        if (earlier) {
          told.replays += 1;
          if (earlier.id !== data.id) told.failures.push(`create ${key}: replay made ${data.id}`);
          if (res.headers.get("idempotent-replayed") !== "true") {
            told.failures.push(`create ${key}: a repeat not marked Idempotent-Replayed`);
          }
        } else {
          const created = { id: data.id, etag: res.headers.get("etag") ?? "", edits: 0 };
          told.created.set(key, created);
          mine = { key, created };
        }
      }
    } else if (roll < 20 && mine) {
      // Edit this client's latest claim with the ETag it holds: only it edits it, so every
      // edit must succeed and become exactly one version.
      const res = await send(`edit ${mine.key}`, `/v1/proposals/${mine.created.id}`, {
        method: "PATCH",
        headers: { ...auth, "Content-Type": "application/json", "If-Match": mine.created.etag },
        body: JSON.stringify({ claimed_value: `${i}.00`, reason: "load test" }),
      });
      if (!res) continue;
      if (res.status !== 200) {
        told.failures.push(`edit ${mine.key}: ${res.status} ${await res.text()}`);
        continue;
      }
      await res.arrayBuffer();
      mine.created.etag = res.headers.get("etag") ?? "";
      mine.created.edits += 1;
      told.edits += 1;
    } else if (roll < 30) {
      // This commission's own claims, as its editors' dashboard reads them.
      const res = await send("own list", `/v1/proposals?commission=${slug}&limit=50&sort=-id`);
      await res?.arrayBuffer();
    } else {
      const path = READS[(n + i) % READS.length] as string;
      const res = await send(path, path);
      if (res && res.status !== 200) told.failures.push(`${path}: ${res.status}`);
      await res?.arrayBuffer();
    }
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe(`${CONNECTIONS} connections for ${SECONDS} s of mixed reads and writes`, () => {
  it(
    "answers every request without a 5xx, and the database holds exactly the acknowledged writes",
    async () => {
      const started = performance.now();
      const until = started + SECONDS * 1000;
      await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => client(n, until)));
      const elapsed = (performance.now() - started) / 1000;

      const sorted = [...told.latencies].sort((a, b) => a - b);
      console.log(
        `load: ${told.requests} requests in ${elapsed.toFixed(1)} s (${(told.requests / elapsed).toFixed(0)}/s) at ${CONNECTIONS} connections; ` +
          `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${percentile(sorted, 100).toFixed(0)} ms; ` +
          `statuses ${JSON.stringify(Object.fromEntries(told.byStatus))}; ` +
          `${told.created.size} creates (${told.replays} replayed), ${told.edits} edits`,
      );
      expect(told.failures.slice(0, 20), api.output().split("\n").slice(-80).join("\n")).toEqual(
        [],
      );
      expect([...told.byStatus.keys()].filter((s) => s >= 500)).toEqual([]);
      expect(told.created.size).toBeGreaterThan(0);
      expect(told.edits).toBeGreaterThan(0);

      const { db, close } = api.connect();
      try {
        const rows = await db.execute<{ id: number; title: string; version: number; n: number }>(
          sql`select p.id, p.title, p.version,
                (select count(*)::int from proposal_versions v where v.proposal_id = p.id) as n
              from proposals p join commissions c on c.id = p.commission_id
              where c.slug = ${slug}`,
        );
        // Nothing lost, nothing twice, nothing the clients were not told about.
        const inDb = new Map(rows.rows.map((r) => [Number(r.id), r]));
        expect(inDb.size).toBe(told.created.size);
        for (const [key, created] of told.created) {
          const row = inDb.get(created.id);
          expect(row?.title, key).toBe(`load ${key}`);
          // Each acknowledged edit is one version on top of the first; none lost, none extra.
          expect(row?.version, key).toBe(1 + created.edits);
          expect(row?.n, key).toBe(1 + created.edits);
        }
      } finally {
        await close();
      }
    },
    (SECONDS + 120) * 1000,
  );
});
