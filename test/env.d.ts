import type { Env as WorkerEnv } from "../worker/env.ts";
import type * as Main from "../worker/index.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** A port that accepts TCP connections and never answers (test/global-setup.ts). */
      BLACKHOLE_PORT: string;
    }
    interface GlobalProps {
      mainModule: typeof Main;
    }
  }
}
