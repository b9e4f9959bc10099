import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { runCron } from "./jobs/index.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(controller.cron, env));
  },
} satisfies ExportedHandler<Env>;
