import type { Env as WorkerEnv } from "../worker/env.ts";
import type * as Main from "../worker/index.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** A port that accepts TCP connections and never answers (test/global-setup.ts). */
      BLACKHOLE_PORT: string;
      /** A DOGE fixture serving the 2025-04-12 lists (the newest are at DOGE_API_URL). */
      DOGE_FIRST_API_URL: string;
      /** The local webhook receiver (test/global-setup.ts). */
      WEBHOOK_RECEIVER_URL: string;
      /** Runs per endpoint of the fuzz tests. */
      FUZZ_RUNS: string;
    }
    interface GlobalProps {
      mainModule: typeof Main;
    }
  }
}
