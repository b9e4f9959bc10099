import { Webhook } from "standardwebhooks";
import * as v from "valibot";
import { createDb, type Db } from "../../../db/client.ts";
import { type ClaimedDelivery, claimDelivery } from "../../../db/queries/webhook-deliveries.ts";
import { type AttemptResult, recordAttempt } from "../../domain/webhook-deliveries.ts";
import { fanOutChanges } from "../../domain/webhooks.ts";
import { type Config, type Env, readConfig } from "../../env.ts";
import { asError } from "../../lib/as-error.ts";
import { runFairly } from "../../lib/fair-pool.ts";
import { webhookUrlProblem } from "../../lib/webhook-url.ts";

/**
 * The queue of webhook deliveries (wrangler.toml `[[queues.*]]`): one message per delivery
 * recorded by the fan-out, or a fan-out to carry on. Each delivery is claimed in the database (so
 * a message delivered twice sends once), signed the Standard Webhooks way with its subscription's
 * secret and posted; a failure is retried by the queue after 30 s doubling, given up after
 * MAX_ATTEMPTS, and pauses its subscription after too many failures in a row.
 *
 * A batch's posts run at once, at most PER_KEY of one subscriber key at a time: one key's slow
 * receivers cannot make everyone else's deliveries wait behind them.
 */
const Message = v.union([
  v.object({ deliveryId: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  v.object({ fanOut: v.literal(true) }),
]);

export const WEBHOOK_QUEUE_PREFIX = "cutwatch-webhook-deliveries";
/** Posts in flight at once in a batch (max_batch_size is 10), and of one key. */
const CONCURRENCY = 10;
const PER_KEY = 2;

type Claimed = { msg: Message<unknown>; delivery: ClaimedDelivery };

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
    const claimed: Claimed[] = [];
    for (const msg of batch.messages) {
      const delivery = await take(db, env, msg);
      if (delivery) claimed.push({ msg, delivery });
    }
    await runFairly(
      claimed,
      { ownerOf: (c) => c.delivery.api_key_id, perOwner: PER_KEY, total: CONCURRENCY },
      (c) => deliver(db, config, c),
    );
  } finally {
    await close();
  }
}

/**
 * Settle a message that needs no post (a malformed one, a fan-out to carry on, a delivery sent
 * already, held or given up), or claim its delivery for this consumer.
 */
async function take(db: Db, env: Env, msg: Message<unknown>) {
  const parsed = v.safeParse(Message, msg.body);
  if (!parsed.success) {
    console.error(`webhook deliveries: dropped a malformed message ${msg.id}`);
    msg.ack();
    return undefined;
  }
  try {
    if ("fanOut" in parsed.output) {
      await fanOutChanges(db, env.WEBHOOK_DELIVERIES, { verdicts: false });
      msg.ack();
      return undefined;
    }
    const delivery = await claimDelivery(db, parsed.output.deliveryId);
    // Delivered already, given up, being sent by another consumer, or held (paused, revoked).
    if (!delivery || delivery.paused) {
      msg.ack();
      return undefined;
    }
    return delivery;
  } catch (err) {
    // The database failed: the message comes back later and a claim lapses in 5 minutes.
    console.error(`webhook deliveries: ${asError(err).message}`);
    msg.retry({ delaySeconds: 60 });
    return undefined;
  }
}

async function deliver(db: Db, config: Config, { msg, delivery }: Claimed) {
  try {
    const result = await post(delivery, config);
    const retryIn = await recordAttempt(db, delivery, result);
    if (retryIn === null) msg.ack();
    else msg.retry({ delaySeconds: retryIn });
  } catch (err) {
    console.error(`webhook deliveries: ${asError(err).message}`);
    msg.retry({ delaySeconds: 60 });
  }
}

/**
 * One signed POST; any 2xx is delivered, anything else (redirects included) a failure. The
 * subscriber's log names the class of a failure only: the fetch error's own text (DNS, TLS,
 * connection refused) would tell it what the Worker can reach, so it goes to the operator's log.
 */
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
    if (e.name === "TimeoutError") {
      return { ok: false, code: null, error: "the receiver did not answer in time" };
    }
    console.error(`webhook delivery ${delivery.id}: ${e.message.slice(0, 500)}`);
    return { ok: false, code: null, error: "the receiver could not be reached" };
  }
}
