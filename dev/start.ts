/**
 * `npm start`: the whole local stack in one command. Embedded PGlite under .data/ (or the
 * Postgres at DATABASE_URL), the ws proxy, migrations, the first-start seed, then
 * `wrangler dev`. Ctrl-C stops everything; the next start reuses the data. With `-- --fixtures`,
 * the job's upstreams are local stand-ins (data/README.md says what each serves).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StackError } from "./database.ts";
import { portIsFree } from "./ports.ts";
import { listSnapshots } from "./seed.ts";
import { type Stack, startStack } from "./stack.ts";
import { startDogeFixture } from "./upstreams/doge.ts";
import { startFiscalDataFixture } from "./upstreams/fiscaldata.ts";
import { startUsaspendingFixture } from "./upstreams/usaspending.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = fileURLToPath(
  new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url),
);
const READY_TIMEOUT_MS = 60_000;

const port = Number(process.env.PORT ?? 8787);
const host = "127.0.0.1";
const dataDir = process.env.CUTWATCH_DATA_DIR ?? `${ROOT}.data/pglite`;
const log = (line: string) => console.log(`[cutwatch] ${line}`);

function fail(message: string): never {
  console.error(`[cutwatch] error: ${message}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be 1-65535, not "${process.env.PORT}"`);
if (!(await portIsFree(port, host))) {
  fail(`port ${port} is already in use; stop what uses it or choose another: PORT=8788 npm start`);
}

let stack: Stack;
try {
  stack = await startStack({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir, log });
} catch (err) {
  fail(
    err instanceof StackError
      ? err.message
      : `could not start the database: ${(err as Error).stack}`,
  );
}

// `npm start -- --fixtures`: the job reads the archived DOGE lists from a local stand-in
// instead of api.doge.gov (this machine, or any offline one, cannot reach it).
const fixtureVars: string[] = [];
const fixtures: { url: string; close: () => Promise<void> }[] = [];
if (process.argv.includes("--fixtures")) {
  const newest: Record<string, string> = {};
  for (const s of await listSnapshots()) newest[s.kind] = join(ROOT, "data", "doge", s.file);
  const doge = await startDogeFixture(newest);
  const usaspending = await startUsaspendingFixture(
    join(ROOT, "data", "fpds", "fpds-doge-contracts-2025-03-05.csv"),
  );
  const fiscal = await startFiscalDataFixture(join(ROOT, "data", "reference", "agencies.json"));
  fixtures.push(doge, usaspending, fiscal);
  fixtureVars.push(
    ...["--var", `DOGE_API_URL:${doge.url}`],
    ...["--var", `USASPENDING_API_URL:${usaspending.url}`],
    ...["--var", `FISCALDATA_API_URL:${fiscal.url}`],
  );
  log(
    `stand-ins: DOGE API ${doge.url} (archived lists), USAspending ${usaspending.url} (FPDS records), Fiscal Data ${fiscal.url} (synthetic amounts)`,
  );
}

const wrangler: ChildProcess = spawn(
  process.execPath,
  [
    WRANGLER,
    "dev",
    "--ip",
    host,
    "--port",
    String(port),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    "--var",
    `DATABASE_URL:${stack.databaseUrl}`,
    "--var",
    `NEON_WS_PROXY:${stack.wsProxy}`,
    ...fixtureVars,
  ],
  {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  },
);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (wrangler.exitCode === null) {
    wrangler.kill("SIGTERM");
    await new Promise((resolve) => wrangler.once("exit", resolve));
  }
  for (const f of fixtures) await f.close();
  await stack.close();
  log("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
wrangler.once("exit", (code) => {
  if (!stopping) {
    console.error(`[cutwatch] wrangler dev exited (${code})`);
    void stop(code ?? 1);
  }
});

const url = `http://${host}:${port}`;
const deadline = Date.now() + READY_TIMEOUT_MS;
while (!stopping) {
  const ok = await fetch(`${url}/healthz`)
    .then((r) => r.ok)
    .catch(() => false);
  if (ok) {
    log(`API ready on ${url}  (try ${url}/v1/proposals and ${url}/healthz; Ctrl-C to stop)`);
    break;
  }
  if (Date.now() > deadline) {
    console.error(
      `[cutwatch] the Worker did not answer ${url}/healthz within ${READY_TIMEOUT_MS / 1000} s`,
    );
    await stop(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}
