import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
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
          // Tests share one client address; the limiter has tests of its own with low limits.
          RATE_LIMIT_READS: "1000000",
          RATE_LIMIT_WRITES: "1000000",
          // Tests arrange rows straight in the database, which no write purge sees: the read
          // cache is off here, and test/routes/cache.test.ts turns it on for itself.
          READ_CACHE_TTL: "0",
        },
      },
    })),
  ],
  test: {
    globalSetup: ["./test/global-setup.ts"],
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
