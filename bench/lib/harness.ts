/**
 * What every benchmark shares: a database of its own (the Postgres at DATABASE_URL, or the
 * embedded PGlite with a note), `wrangler dev` on free ports, autocannon, and the printed table.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import WebSocket from "ws";
import { type Stack, startStack } from "../../dev/stack.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const READY_TIMEOUT_MS = 90_000;

export const log = (line: string) => console.log(`  · ${line}`);

/**
 * A database of the benchmark's own, dropped on close: a fresh database on the server at
 * DATABASE_URL (as the tests do), or the embedded PGlite in memory when it is unset.
 */
export async function benchStack(opts: { seed?: boolean } = {}): Promise<Stack> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!databaseUrl) {
    console.log(
      "  NOTE: DATABASE_URL is unset, so this runs on the embedded PGlite (one connection at a time, in WASM): the numbers say little about Postgres. Set DATABASE_URL=postgres://… for real ones.",
    );
  }
  const started = performance.now();
  const stack = await startStack({
    databaseUrl,
    isolated: true,
    seed: opts.seed === false ? false : "api",
  });
  log(
    `database ready in ${seconds(performance.now() - started)} (${stack.embedded ? "embedded PGlite" : "Postgres, a database of its own"}${stack.seed.proposals ? `, seeded ${stack.seed.proposals} proposals` : ""})`,
  );
  return stack;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type Worker = {
  url: string;
  pid: number;
  /** wrangler's DevTools port: `/json` lists the Worker's inspector WebSocket. */
  inspectorPort: number;
  stop: () => Promise<void>;
};

/**
 * `wrangler dev` on the stack, as `npm start` runs it, on free ports with a state folder of its
 * own. Limits are raised so the rate limiter never throttles the load; the baseline routes are on.
 */
export async function startWorker(
  stack: Stack,
  vars: Record<string, string> = {},
  /** More `wrangler dev` flags, e.g. `--test-scheduled` to fire the Cron Triggers by URL. */
  flags: string[] = [],
): Promise<Worker> {
  const port = await freePort();
  const inspector = await freePort();
  const state = mkdtempSync(join(tmpdir(), "cutwatch-bench-"));
  const allVars: Record<string, string> = {
    DATABASE_URL: stack.databaseUrl,
    NEON_WS_PROXY: stack.wsProxy,
    RATE_LIMIT_READS: "1000000000",
    RATE_LIMIT_WRITES: "1000000000",
    BENCH_ROUTES: "1",
    ...vars,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      state,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
      ...flags,
      ...Object.entries(allVars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    rmSync(state, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode})`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer ${url}/healthz in time`);
    }
    await sleep(250);
  }
  log(`wrangler dev ready on ${url} in ${seconds(performance.now() - started)}`);
  return { url, pid: child.pid ?? 0, inspectorPort: inspector, stop };
}

export type Load = {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
};

/** autocannon at `connections` for `seconds`: requests/s, p50/p99 (ms) and non-2xx/errors. */
export async function load(
  label: string,
  url: string,
  opts: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: opts.connections ?? 20,
    duration: opts.seconds ?? 10,
    headers: opts.headers ?? {},
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  return {
    label,
    rps: result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures,
  };
}

/** The median of several runs by requests/s (noise on a shared machine goes both ways). */
export function median(runs: Load[]): Load {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (!mid) throw new Error("no runs");
  return mid;
}

/** Aligned columns; the first row is the header. */
export function table(rows: (string | number)[][]): string {
  const text = rows.map((r) => r.map((cell) => String(cell)));
  const widths = text[0]?.map((_, i) => Math.max(...text.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)));
  const [head, ...body] = text;
  return [
    line(head ?? []).join("  "),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map((r) => line(r).join("  ")),
  ]
    .map((l) => `  ${l}`)
    .join("\n");
}

/** "0.93 (target ≥ 0.90: met)". */
export function verdict(value: number, target: number, higherIsBetter = true): string {
  const met = higherIsBetter ? value >= target : value < target;
  return `${value.toFixed(2)} (target ${higherIsBetter ? "≥" : "<"} ${target.toFixed(2)}: ${met ? "met" : "MISSED"})`;
}

export const fmt = {
  rps: (n: number) => n.toFixed(0),
  ms: (n: number) => `${n.toFixed(1)} ms`,
  mib: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  kib: (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`,
};

export function header(title: string) {
  console.log(`\n== ${title} ==`);
  console.log(
    `  ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"} · Node ${process.versions.node}`,
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The workerd process running the Worker, among those `wrangler dev` started (descendants of
 * its pid): wrangler runs two, a proxy in front (it owns the public port) and the runtime of
 * the Worker itself, the one with an inspector address.
 */
export function workerdPid(root: number): number | undefined {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      names.set(Number(entry), name);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      if (names.get(child) === "workerd" && runsTheWorker(child)) return child;
      queue.push(child);
    }
  }
  return undefined;
}

function runsTheWorker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--inspector-addr");
  } catch {
    return false;
  }
}

/** Resident memory of a process, in bytes (Linux). */
export function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Run `fn` while sampling a process's RSS every 20 ms; the peak and the RSS before. */
export async function withPeakRss<T>(
  pid: number,
  fn: () => Promise<T>,
): Promise<{ result: T; before: number; peak: number }> {
  const before = rss(pid);
  let peak = before;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rss(pid));
    } catch {
      // the process ended
    }
  }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, rss(pid));
    return { result, before, peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The Worker isolate's JS heap, read over wrangler's DevTools endpoint (`Runtime.getHeapUsage`
 * every 25 ms): the memory the Workers 128 MB limit counts, apart from workerd's own.
 */
export async function heapSampler(worker: Worker) {
  const list = (await (await fetch(`http://127.0.0.1:${worker.inspectorPort}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const target = list[0]?.webSocketDebuggerUrl;
  if (!target) throw new Error("wrangler dev lists no inspector target");
  const ws = new WebSocket(target);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let next = 0;
  const pending = new Map<number, (used: number) => void>();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: { usedSize?: number } };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result?.usedSize ?? 0);
  });
  const used = () =>
    new Promise<number>((resolve) => {
      const id = ++next;
      pending.set(id, (n) => {
        pending.delete(id);
        resolve(n);
      });
      ws.send(JSON.stringify({ id, method: "Runtime.getHeapUsage" }));
    });
  return {
    used,
    /** Run `fn` sampling the heap; its peak used size and the size before. */
    async peakDuring<T>(
      fn: () => Promise<T>,
    ): Promise<{ result: T; before: number; peak: number }> {
      const before = await used();
      let peak = before;
      let running = true;
      const sampling = (async () => {
        while (running) {
          peak = Math.max(peak, await used());
          await sleep(25);
        }
      })();
      try {
        const result = await fn();
        return { result, before, peak };
      } finally {
        running = false;
        await sampling;
      }
    },
    /** Ask V8 for a full collection (it does not answer this one), then read the heap. */
    async afterGc(): Promise<number> {
      ws.send(JSON.stringify({ id: ++next, method: "HeapProfiler.collectGarbage" }));
      await sleep(500);
      return used();
    },
    close: () => ws.close(),
  };
}
