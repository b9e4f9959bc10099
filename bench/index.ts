/**
 * `npm run bench` runs every benchmark in turn; `npm run bench -- read cache` only those named.
 * Each runs in a process of its own with a database of its own (dropped after): the Postgres at
 * DATABASE_URL, or the embedded PGlite when it is unset. Knobs: BENCH_SECONDS (per measurement,
 * default 6), BENCH_ROUNDS (default 3), BENCH_PROPOSALS (read, default 50000),
 * BENCH_EXPORT_SIZES (default 10000,50000,100000).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ALL = ["read", "cache", "ingest", "export", "bundle", "evidence", "webhooks", "job"] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(ALL as readonly string[]).includes(name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${ALL.join(", ")}`);
  process.exit(2);
}
const names = asked.length ? asked : [...ALL];
const started = performance.now();
const failed: string[] = [];
for (const name of names) {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const run = spawnSync(process.execPath, [script], { stdio: "inherit" });
  if (run.status !== 0) failed.push(name);
}
console.log(
  `\n${names.length} benchmark${names.length === 1 ? "" : "s"} in ${((performance.now() - started) / 1000).toFixed(0)} s${failed.length ? `; FAILED: ${failed.join(", ")}` : ""}`,
);
process.exit(failed.length ? 1 : 0);
