import { Webhook } from "standardwebhooks";
import * as v from "valibot";
import { createDb } from "../../../db/client.ts";
import { type ClaimedDelivery, claimDelivery } from "../../../db/queries/webhooks.ts";
import { type AttemptResult, recordAttempt } from "../../domain/webhooks.ts";
import { type Config, type Env, readConfig } from "../../env.ts";
import { asError } from "../../lib/as-error.ts";
import { webhookUrlProblem } from "../../lib/webhook-url.ts";

/**
 * The queue of webhook deliveries (wrangler.toml `[[queues.*]]`): one message per delivery
 * recorded by the fan-out. Each is claimed in the database (so a message delivered twice sends
 * once), signed the Standard Webhooks way with its subscription's secret and posted; a failure
 * is retried by the queue after 30 s doubling, given up after MAX_ATTEMPTS, and pauses its
 * subscription after too many failures in a row.
 */
const Message = v.object({ deliveryId: v.pipe(v.number(), v.integer(), v.minValue(1)) });

export const WEBHOOK_QUEUE_PREFIX = "cutwatch-webhook-deliveries";

export async function consumeWebhookDeliveries(
  batch: MessageBatch<unknown>,
  env: Env,
): Promise<void> {
  const config = readConfig(env);
  const { db, close } = createDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  try {
    for (const msg of batch.messages) {
      const parsed = v.safeParse(Message, msg.body);
      if (!parsed.success) {
        console.error(`webhook deliveries: dropped a malformed message ${msg.id}`);
        msg.ack();
        continue;
      }
      try {
        const delivery = await claimDelivery(db, parsed.output.deliveryId);
        // Delivered already, given up, being sent by another consumer, or held (paused).
        if (!delivery || delivery.paused) {
          msg.ack();
          continue;
        }
        const result = await post(delivery, config);
        const retryIn = await recordAttempt(db, delivery, result);
        if (retryIn === null) msg.ack();
        else msg.retry({ delaySeconds: retryIn });
      } catch (err) {
        // The database failed: the message comes back later and the claim lapses in 5 minutes.
        console.error(`webhook deliveries: ${asError(err).message}`);
        msg.retry({ delaySeconds: 60 });
      }
    }
  } finally {
    await close();
  }
}

/** One signed POST; any 2xx is delivered, anything else (redirects included) a failure. */
export async function post(delivery: ClaimedDelivery, config: Config): Promise<AttemptResult> {
  const problem = webhookUrlProblem(delivery.url, {
    allowLocalHttp: config.WEBHOOK_ALLOW_LOCAL_HTTP === "1",
  });
  if (problem) return { ok: false, code: null, error: `the URL is refused: ${problem}` };
  const body = JSON.stringify(delivery.payload);
  const at = new Date();
  const signature = new Webhook(delivery.secret).sign(delivery.webhook_id, at, body);
  try {
    const res = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "cutwatch-webhooks",
        "webhook-id": delivery.webhook_id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return { ok: true, code: res.status };
    return { ok: false, code: res.status, error: `the receiver answered ${res.status}` };
  } catch (err) {
    const e = asError(err);
    const error = e.name === "TimeoutError" ? "the receiver did not answer in time" : e.message;
    return { ok: false, code: null, error: error.slice(0, 500) };
  }
}
