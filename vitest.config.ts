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
          BLACKHOLE_PORT: String(inject("blackholePort")),
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
