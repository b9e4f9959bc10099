import { env } from "cloudflare:workers";
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { consumeAwardLookups } from "./jobs/awards/queue.ts";
import { runCron } from "./jobs/index.ts";
import { consumeWebhookDeliveries, WEBHOOK_QUEUE_PREFIX } from "./jobs/webhooks/queue.ts";

// The bindings are readable at startup: the benchmark baselines are not even mounted without
// BENCH_ROUTES=1.
const app = createApp({ bench: (env as Env).BENCH_ROUTES === "1" });

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(controller.cron, env));
  },
  // The queue of award lookups and its dead letters, and the queue of webhook deliveries
  // (wrangler.toml `[[queues.consumers]]`).
  queue(batch, env, _ctx) {
    if (batch.queue.startsWith(WEBHOOK_QUEUE_PREFIX)) return consumeWebhookDeliveries(batch, env);
    return consumeAwardLookups(batch, env);
  },
} satisfies ExportedHandler<Env>;
