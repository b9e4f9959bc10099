/**
 * `npm start`: the whole local stack in one command. Embedded PGlite under .data/ (or the
 * Postgres at DATABASE_URL), the ws proxy, migrations, the first-start seed, then
 * `wrangler dev`. Ctrl-C stops everything; the next start reuses the data. With `-- --fixtures`,
 * the job's upstreams are local stand-ins (data/README.md says what each serves).
 */
import { fileURLToPath } from "node:url";
import { StackError } from "./database.ts";
import { type LocalApi, LocalApiError, startLocalApi } from "./local-api.ts";
import { portIsFree } from "./ports.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

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

let api: LocalApi;
try {
  api = await startLocalApi({
    port,
    host,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    // `npm start -- --fixtures`: the job reads the archived DOGE lists from a local stand-in
    // instead of api.doge.gov (this machine, or any offline one, cannot reach it).
    fixtures: process.argv.includes("--fixtures"),
    output: "inherit",
    persistTo: `${ROOT}.wrangler/state`,
    log,
  });
} catch (err) {
  fail(
    err instanceof StackError || err instanceof LocalApiError
      ? err.message
      : `could not start: ${(err as Error).stack}`,
  );
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await api.close();
  log("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
void api.exited.then((code) => {
  if (!stopping) {
    console.error(`[cutwatch] wrangler dev exited (${code})`);
    void stop(code ?? 1);
  }
});

log(
  `API ready on ${api.url}  (try ${api.url}/v1/proposals and ${api.url}/healthz; Ctrl-C to stop)`,
);
