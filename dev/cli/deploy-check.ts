/**
 * `npm run deploy:check`: bundle the Worker exactly as `wrangler deploy` would, offline, and
 * print its size against the Workers limits (3 MiB gzipped on Free, 10 MiB on Paid).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("../..", import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), "cutwatch-bundle-"));
const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", outdir], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
if (run.status !== 0) {
  rmSync(outdir, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}
let raw = 0;
let gzipped = 0;
for (const file of readdirSync(outdir, { recursive: true }) as string[]) {
  const path = join(outdir, file);
  if (!statSync(path).isFile() || file.endsWith(".map")) continue;
  const bytes = readFileSync(path);
  raw += bytes.length;
  gzipped += gzipSync(bytes).length;
}
rmSync(outdir, { recursive: true, force: true });
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`bundle: ${kib(raw)} (${kib(gzipped)} gzipped; Workers limit 3 MiB gzipped on Free)`);
