/**
 * The whole local API as one reusable piece: the database (embedded PGlite, or a database on the
 * Postgres at `databaseUrl`), the ws proxy, migrations, the seed, optionally the job's upstream
 * stand-ins, and `wrangler dev` on a port of its own. `npm start` (dev/start.ts) runs it in the
 * foreground; the live tests (test/live/stack.ts) start one per test file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReceiptKind } from "../worker/jobs/doge/receipts.ts";
import { freePort } from "./ports.ts";
import { listSnapshots } from "./seed.ts";
import { type Stack, type StackSeed, startStack } from "./stack.ts";
import { type DogeFixture, startDogeFixture } from "./upstreams/doge.ts";
import { type FiscalDataFixture, startFiscalDataFixture } from "./upstreams/fiscaldata.ts";
import { startUsaspendingFixture, type UsaspendingFixture } from "./upstreams/usaspending.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export type Fixtures = {
  doge: DogeFixture;
  usaspending: UsaspendingFixture;
  fiscaldata: FiscalDataFixture;
};

export type LocalApiOptions = {
  /** Where wrangler dev listens; a free port when unset. */
  port?: number;
  host?: string;
  /** A real Postgres; without it, the embedded PGlite (in `dataDir`, or in memory). */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** With `databaseUrl`: a database of its own on that server, dropped on close. */
  isolated?: boolean;
  /**
   * The first-start seed (see StackSeed): the whole archive, `"api"` (the DOGE API snapshots,
   * the default with `fixtures`: where the stand-in's lists start from), `"reference"` (no
   * receipts) or nothing.
   */
  seed?: StackSeed;
  /**
   * Point the job at local stand-ins of its upstreams (DOGE API, USAspending, Fiscal Data).
   * `true` serves the newest archived DOGE list of each kind; or name the snapshot files.
   */
  fixtures?: boolean | { doge: Partial<Record<ReceiptKind, string>> };
  /** More Worker vars (`wrangler dev --var`), e.g. `{ RATE_LIMIT_READS: "1000000" }`. */
  vars?: Record<string, string>;
  /** wrangler's own output: to this process's terminal, or kept (see `LocalApi.output()`). */
  output?: "inherit" | "capture";
  /** Where wrangler keeps local state (the Cache API's entries); a fresh temporary folder by default. */
  persistTo?: string;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
};

export type LocalApi = {
  /** `http://127.0.0.1:<port>`, the Worker under wrangler dev. */
  url: string;
  port: number;
  /** What the Worker was given as DATABASE_URL and NEON_WS_PROXY. */
  databaseUrl: string;
  wsProxy: string;
  embedded: boolean;
  stack: Stack;
  /** The upstream stand-ins, when asked for. */
  fixtures: Fixtures | undefined;
  /** A Node-side client on the same database (arrange rows, count what a request wrote). */
  connect: Stack["connect"];
  /**
   * Take the database away from the Worker without touching the database itself (the proxy
   * between them stops serving; a shared Postgres server is never stopped): `"refuse"` (nothing
   * listens: connections fail at once) or `"hang"` (connections are accepted, never answered).
   */
  stopDatabase: (mode?: "refuse" | "hang") => Promise<void>;
  /** Serve the database again on the same address; the Worker is not restarted. */
  startDatabase: () => Promise<void>;
  /** The last lines wrangler printed (with `output: "capture"`). */
  output: () => string;
  /** Stop wrangler, the stand-ins and the database (an isolated one is dropped). */
  close: () => Promise<void>;
  /** Resolves with wrangler's exit code when it exits (on close, or on its own). */
  exited: Promise<number | null>;
};

export class LocalApiError extends Error {}

/** Start the local API and wait until `/healthz` answers 200. */
export async function startLocalApi(opts: LocalApiOptions = {}): Promise<LocalApi> {
  const log = opts.log ?? (() => {});
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? (await freePort(host));
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const stack = await startStack({
      databaseUrl: opts.databaseUrl,
      dataDir: opts.dataDir,
      isolated: opts.isolated ?? false,
      seed: opts.seed ?? (opts.fixtures ? "api" : true),
      log,
    });
    cleanups.push(stack.close);

    const vars: Record<string, string> = {
      DATABASE_URL: stack.databaseUrl,
      NEON_WS_PROXY: stack.wsProxy,
      // The embedded database serves one query at a time: a queue consumer fetching several
      // awards at once would hold it while readers wait for a connection (503s).
      ...(stack.embedded ? { AWARD_LOOKUP_CONCURRENCY: "1" } : {}),
    };
    let fixtures: Fixtures | undefined;
    if (opts.fixtures) {
      fixtures = await startFixtures(opts.fixtures === true ? undefined : opts.fixtures.doge);
      const started = fixtures;
      cleanups.push(async () => {
        await started.doge.close();
        await started.usaspending.close();
        await started.fiscaldata.close();
      });
      vars.DOGE_API_URL = fixtures.doge.url;
      vars.USASPENDING_API_URL = fixtures.usaspending.url;
      vars.FISCALDATA_API_URL = fixtures.fiscaldata.url;
      log(
        `stand-ins: DOGE API ${fixtures.doge.url} (archived lists), USAspending ${fixtures.usaspending.url} (FPDS records), Fiscal Data ${fixtures.fiscaldata.url} (synthetic amounts)`,
      );
    }
    Object.assign(vars, opts.vars);

    let persistTo = opts.persistTo;
    if (!persistTo) {
      const dir = await mkdtemp(join(tmpdir(), "cutwatch-wrangler-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      persistTo = dir;
    }

    const wrangler = startWrangler({
      host,
      port,
      inspectorPort: await freePort(host),
      vars,
      persistTo,
      output: opts.output ?? "capture",
    });
    cleanups.push(wrangler.stop);

    const url = `http://${host}:${port}`;
    await waitUntilReady(url, wrangler, opts.readyTimeoutMs ?? 60_000);

    return {
      url,
      port,
      databaseUrl: stack.databaseUrl,
      wsProxy: stack.wsProxy,
      embedded: stack.embedded,
      stack,
      fixtures,
      connect: stack.connect,
      stopDatabase: stack.suspend,
      startDatabase: stack.resume,
      output: wrangler.output,
      close: cleanup,
      exited: wrangler.exited,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** The job's upstream stand-ins on free ports (what `npm start -- --fixtures` serves). */
export async function startFixtures(
  doge?: Partial<Record<ReceiptKind, string>>,
): Promise<Fixtures> {
  let lists = doge;
  if (!lists) {
    const newest: Partial<Record<ReceiptKind, string>> = {};
    for (const s of await listSnapshots()) {
      newest[s.kind as ReceiptKind] = join(ROOT, "data", "doge", s.file);
    }
    lists = newest;
  }
  const started: { close: () => Promise<void> }[] = [];
  try {
    const dogeFixture = await startDogeFixture(lists);
    started.push(dogeFixture);
    const usaspending = await startUsaspendingFixture(
      join(ROOT, "data", "fpds", "fpds-doge-contracts-2025-03-05.csv"),
    );
    started.push(usaspending);
    const fiscaldata = await startFiscalDataFixture(
      join(ROOT, "data", "reference", "agencies.json"),
    );
    return { doge: dogeFixture, usaspending, fiscaldata };
  } catch (err) {
    for (const s of started) await s.close();
    throw err;
  }
}

type Wrangler = {
  process: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  stop: () => Promise<void>;
};

const OUTPUT_LINES = 5000;

function startWrangler(opts: {
  host: string;
  port: number;
  inspectorPort: number;
  vars: Record<string, string>;
  persistTo: string;
  output: "inherit" | "capture";
}): Wrangler {
  const args = [
    WRANGLER,
    "dev",
    "--ip",
    opts.host,
    "--port",
    String(opts.port),
    "--inspector-port",
    String(opts.inspectorPort),
    "--persist-to",
    opts.persistTo,
    "--test-scheduled",
    "--show-interactive-dev-session=false",
  ];
  for (const [name, value] of Object.entries(opts.vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Its own process group, so stopping it also stops the workerd it runs.
    detached: true,
    stdio: [
      "ignore",
      opts.output === "inherit" ? "inherit" : "pipe",
      opts.output === "inherit" ? "inherit" : "pipe",
    ],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      signal("SIGKILL"); // anything of its group still there (workerd)
    })();
    return stopping;
  };
  return { process: child, exited, output: () => lines.join("\n"), stop };
}

async function waitUntilReady(url: string, wrangler: Wrangler, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void wrangler.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) {
      throw new LocalApiError(
        `wrangler dev exited (${exitCode}) before the Worker answered:\n${wrangler.output()}`,
      );
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) {
      throw new LocalApiError(
        `the Worker did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${wrangler.output()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
