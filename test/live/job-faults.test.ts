/**
 * The DOGE job under upstream faults, on a stack and database of its own (so it can fire the
 * job while other files' tests run). Between the Worker and the DOGE stand-in sits a switch
 * this file controls: it kills the upstream mid-page, takes it down altogether, answers 429s
 * without end, or serves a malformed page, on whichever list and page the test picks. After each
 * failed run, every data table must be exactly as before it (the job's own bookkeeping, staged
 * pages and run records, may change). Then a clean run must change them: the digest can see it.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DogeFixture, startDogeFixture } from "../../dev/upstreams/doge.ts";
import { type LiveApi, liveKey, startLiveApi } from "./stack.ts";

const snapshot = (file: string) =>
  fileURLToPath(new URL(`../../data/doge/${file}`, import.meta.url));

/** Every table of data the job may write; not its bookkeeping (runs, locks, staging, cursors). */
const DATA_TABLES = [
  "commissions",
  "members",
  "agencies",
  "agency_aliases",
  "proposals",
  "proposal_versions",
  "awards",
  "award_transactions",
  "assessments",
  "agency_outlays",
  "audit_log",
];

type Fault = {
  /** Which list and from which page on (pages start at 1). */
  list?: "contracts" | "leases";
  fromPage: number;
  mode:
    | "kill-mid-page"
    | "upstream-down"
    | "rate-limit-storm"
    | "malformed"
    | "changed-total"
    | "gone";
};

/** The DOGE API as the Worker sees it: a backend fixture, with a fault when one is set. */
class Switch {
  backend = "";
  fault: Fault | undefined;
  port = 0;
  private server: Server | undefined;
  private sockets = new Set<Socket>();

  async start(port = 0) {
    const server = createServer((req, res) => void this.handle(req.url ?? "/", res));
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  /** The upstream process dies: connections cut, nothing listens any more. */
  async kill() {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async handle(path: string, res: ServerResponse) {
    const url = new URL(path, "http://switch");
    const page = Number(url.searchParams.get("page") ?? 1);
    const fault = this.fault;
    const strikes =
      fault && page >= fault.fromPage && (!fault.list || url.pathname.endsWith(fault.list));
    if (strikes && fault.mode === "rate-limit-storm") {
      res.writeHead(429, { "content-type": "text/plain", "retry-after": "1" });
      res.end("slow down");
      return;
    }
    if (strikes && fault.mode === "gone") {
      // The project ended: its API answers every list with 404, as a retired site does.
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<h1>Not Found</h1>");
      return;
    }
    if (strikes && fault.mode === "upstream-down") {
      await this.kill();
      return;
    }
    const upstream = await fetch(`${this.backend}${url.pathname}${url.search}`);
    let body = await upstream.text();
    if (strikes && fault.mode === "kill-mid-page") {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => res.destroy(), 10);
      return;
    }
    if (strikes && fault.mode === "malformed") {
      // Valid JSON in the right envelope, but a receipt that is no receipt.
      const parsed = JSON.parse(body) as { result: Record<string, unknown[]> };
      for (const items of Object.values(parsed.result)) items[0] = { savings: "lots", date: 7 };
      body = JSON.stringify(parsed);
    }
    if (strikes && fault.mode === "changed-total") {
      // The list grew while the job was paging through it.
      const parsed = JSON.parse(body) as { meta: { total_results: number } };
      parsed.meta.total_results += 1;
      body = JSON.stringify(parsed);
    }
    res.writeHead(upstream.status, { "content-type": "application/json" });
    res.end(body);
  }
}

let api: LiveApi;
let admin: Record<string, string>;
const upstream = new Switch();
let first: DogeFixture;
let later: DogeFixture;

beforeAll(async () => {
  first = await startDogeFixture({
    contracts: snapshot("contracts-2025-04-12.json"),
    leases: snapshot("leases-2025-04-12.json"),
  });
  later = await startDogeFixture({
    contracts: snapshot("contracts-2025-04-16.json"),
    leases: snapshot("leases-2025-05-12.json"),
  });
  await upstream.start();
  upstream.backend = first.url;
  api = await startLiveApi({
    seed: "reference",
    vars: {
      DOGE_API_URL: `http://127.0.0.1:${upstream.port}`,
      JOB_MAX_SUBREQUESTS: "200",
      JOB_FETCH_TIMEOUT_MS: "3000",
    },
  });
  admin = (await liveKey(api, "admin")).auth;
});
afterAll(async () => {
  await api?.close();
  await upstream.kill();
  await first?.close();
  await later?.close();
});

async function digest() {
  const { db, close } = api.connect();
  try {
    const out: Record<string, string> = {};
    for (const table of DATA_TABLES) {
      const r = await db.execute<{ d: string }>(
        sql.raw(
          `select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as d from ${table} t`,
        ),
      );
      out[table] = r.rows[0]?.d ?? "";
    }
    return out;
  } finally {
    await close();
  }
}

type Run = { status: string; complete: boolean | null; error: string | null };

async function runJob(): Promise<Run> {
  const res = await api.fetch("/v1/admin/jobs/doge-receipts/run", {
    method: "POST",
    headers: admin,
    signal: AbortSignal.timeout(110_000),
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return (JSON.parse(text) as { data: Run }).data;
}

async function proposalCount() {
  const { db, close } = api.connect();
  try {
    const r = await db.execute<{ n: number }>(sql`select count(*)::int as n from proposals`);
    return r.rows[0]?.n ?? 0;
  } finally {
    await close();
  }
}

const FAULTS: [string, Fault, RegExp][] = [
  ["killed mid-page", { fromPage: 3, mode: "kill-mid-page" }, /./],
  ["down from page 4 on", { fromPage: 4, mode: "upstream-down" }, /./],
  ["in a 429 storm", { fromPage: 2, mode: "rate-limit-storm" }, /429/],
  ["serving a malformed page", { fromPage: 5, mode: "malformed" }, /./],
  [
    "announcing another total mid-list",
    { fromPage: 6, mode: "changed-total" },
    /changed while it was being fetched/,
  ],
  // The source is gone: every list answers 404 from its first page.
  ["gone (404 from the first page)", { fromPage: 1, mode: "gone" }, /404/],
  // The contracts list comes whole; the leases list after it fails.
  ["failing on the last list", { list: "leases", fromPage: 2, mode: "kill-mid-page" }, /./],
];

async function expectFaultsChangeNothing() {
  for (const [what, fault, reason] of FAULTS) {
    const before = await digest();
    upstream.fault = fault;
    const run = await runJob();
    upstream.fault = undefined;
    if (fault.mode === "upstream-down") await upstream.start(upstream.port);
    expect(run.status, `${what}: ${JSON.stringify(run)}`).toBe("failed");
    expect(run.error, what).toMatch(reason);
    expect(await digest(), `the data after a run with the upstream ${what}`).toEqual(before);
  }
}

describe("the DOGE job with its upstream failing", () => {
  it("leaves an empty commission empty after each failed run, then loads it in a clean one", async () => {
    expect(await proposalCount()).toBe(0);
    await expectFaultsChangeNothing();
    expect(await proposalCount()).toBe(0);

    const before = await digest();
    const run = await runJob();
    expect(run).toMatchObject({ status: "succeeded", complete: true });
    expect(await proposalCount()).toBeGreaterThan(1000);
    expect((await digest()).proposals).not.toBe(before.proposals);
  });

  it("leaves loaded data as it was when the next lists fail to arrive, then applies them", async () => {
    upstream.backend = later.url;
    await expectFaultsChangeNothing();

    const before = await digest();
    const run = await runJob();
    expect(run).toMatchObject({ status: "succeeded", complete: true });
    const after = await digest();
    expect(after.proposals).not.toBe(before.proposals);
    expect(after.proposal_versions).not.toBe(before.proposal_versions);
  });
});
