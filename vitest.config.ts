import { readFile } from "node:fs/promises";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { configDefaults, defineConfig, type Plugin } from "vitest/config";

/**
 * The Text modules of wrangler.toml's `[[rules]]` (Markdown, the docs UI's files) as Vite loads
 * them in plain Node: a default export of the file's text, as the Worker's bundle has it.
 */
const textModules = (): Plugin => ({
  name: "wrangler-text-rules",
  enforce: "pre",
  async load(id) {
    if (!/\.md$|swagger-ui-dist\/swagger-ui(-bundle\.js|\.css)$/.test(id)) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
});

/** Tests inside workerd, calling the Worker through its handlers. */
const workerd = () =>
  cloudflareTest(({ inject }) => ({
    wrangler: { configPath: "./wrangler.toml" },
    miniflare: {
      // The real db middleware runs in tests: the database is injected as bindings.
      bindings: {
        DATABASE_URL: inject("databaseUrl"),
        NEON_WS_PROXY: inject("wsProxy"),
        DOGE_API_URL: inject("dogeApiUrl"),
        DOGE_FIRST_API_URL: inject("dogeFirstApiUrl"),
        USASPENDING_API_URL: inject("usaspendingApiUrl"),
        FISCALDATA_API_URL: inject("fiscaldataApiUrl"),
        BLACKHOLE_PORT: String(inject("blackholePort")),
        // A local webhook receiver (dev/upstreams/webhook-receiver.ts), reachable over http.
        WEBHOOK_RECEIVER_URL: inject("webhookReceiverUrl"),
        WEBHOOK_ALLOW_LOCAL_HTTP: "1",
        // Tests share one client address; the limiter has tests of its own with low limits.
        RATE_LIMIT_READS: "1000000",
        RATE_LIMIT_WRITES: "1000000",
        RATE_LIMIT_AUTH_FAILURES: "1000000",
        // Tests arrange rows straight in the database, which no write purge sees: the
        // read cache is off here, and test/routes/cache.test.ts turns it on for itself.
        READ_CACHE_TTL: "0",
        // Runs per endpoint of test/routes/fuzz.test.ts (FUZZ_RUNS=200 npm test, a longer hunt).
        FUZZ_RUNS: process.env.FUZZ_RUNS ?? "15",
      },
    },
  }));

export default defineConfig({
  test: {
    projects: [
      {
        // Pure tests (test/unit): plain Node, no database, no workerd, no global setup, so one
        // file runs in a second or two (`npm run test:unit`, or `npx vitest run <file>`).
        plugins: [textModules()],
        test: {
          name: "unit",
          environment: "node",
          include: ["test/unit/**/*.test.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Most tests: inside workerd, calling the Worker through its fetch handler.
        plugins: [workerd()],
        test: {
          name: "workers",
          globalSetup: ["./test/global-setup.ts"],
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/unit/**", "test/live/**", "test/jobs/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The job's tests, split by step (test/jobs/<step>.test.ts): every run takes the pipeline
        // lock, so one file at a time, on a database of their own (a second stack from the same
        // global setup), beside the workers tests.
        plugins: [workerd()],
        test: {
          name: "jobs",
          globalSetup: ["./test/global-setup.ts"],
          include: ["test/jobs/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Live tests: Node against the whole local stack (database, proxy, `wrangler dev`), one
        // stack per file (test/live/stack.ts). After the workers tests, one file at a time:
        // each runs a Worker of its own and some load it on purpose.
        test: {
          name: "live",
          environment: "node",
          include: ["test/live/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
