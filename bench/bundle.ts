/**
 * `npm run bench -- bundle`: the Worker bundle as `wrangler deploy` would upload it (the dry run
 * of `npm run deploy:check`): raw and gzip size against the 1 MiB target; and the Worker's startup
 * CPU time, from the CPU profile `wrangler check startup` records while workerd loads the bundle
 * (the median of three; busy time, idle samples left out).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fmt, header, log, ROOT, table, verdict } from "./lib/harness.ts";

const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const RUNS = 3;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

header("bundle: the Worker as deployed, and its startup");
const outdir = mkdtempSync(join(tmpdir(), "cutwatch-bundle-"));
try {
  const build = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", outdir], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${build.stderr}`);
  const files: [string, number, number][] = [];
  for (const file of readdirSync(outdir, { recursive: true }) as string[]) {
    const path = join(outdir, file);
    // wrangler explains the folder in a README.md of its own; it is not uploaded.
    if (!statSync(path).isFile() || file.endsWith(".map") || file === "README.md") continue;
    const bytes = readFileSync(path);
    files.push([file, bytes.length, gzipSync(bytes, { level: 9 }).length]);
  }
  const raw = files.reduce((n, [, r]) => n + r, 0);
  const gzipped = files.reduce((n, [, , g]) => n + g, 0);

  const startups: { busy: number; wall: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const profile = join(outdir, `startup-${i}.cpuprofile`);
    const run = spawnSync(process.execPath, [WRANGLER, "check", "startup", "--outfile", profile], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`wrangler check startup failed:\n${run.stderr}`);
    startups.push(startupTime(profile));
  }
  startups.sort((a, b) => a.busy - b.busy);
  const startup = startups[Math.floor(RUNS / 2)] ?? { busy: Number.NaN, wall: Number.NaN };
  log(`startup CPU of ${RUNS} runs: ${startups.map((s) => `${s.busy.toFixed(0)} ms`).join(", ")}`);

  console.log("");
  console.log(
    table([
      ["", "raw", "gzip"],
      ...files.map(([file, r, g]) => [file, fmt.kib(r), fmt.kib(g)]),
      ["total", fmt.kib(raw), fmt.kib(gzipped)],
    ]),
  );
  console.log(
    `\n  startup: ${startup.busy.toFixed(0)} ms CPU (${startup.wall.toFixed(0)} ms profiled; median of ${RUNS}, on this machine's CPU; Cloudflare allows 1 s)`,
  );
  console.log(
    `\n  ratios: gzip size / 1 MiB ${verdict(gzipped / (1024 * 1024), 1, false)} · startup CPU / 1 s limit ${(startup.busy / 1000).toFixed(2)}`,
  );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

/** Busy and total time of a V8 CPU profile, in ms. */
function startupTime(path: string): { busy: number; wall: number } {
  const profile = JSON.parse(readFileSync(path, "utf8")) as {
    nodes: { id: number; callFrame: { functionName: string } }[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const idle = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id),
  );
  let busy = 0;
  profile.samples.forEach((node, i) => {
    // A sample's time is the delta to the next one.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (!idle.has(node)) busy += delta;
  });
  return { busy: busy / 1000, wall: (profile.endTime - profile.startTime) / 1000 };
}
