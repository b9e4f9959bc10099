import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, inArray } from "drizzle-orm";
import { webhookDeliveries } from "../../db/schema/index.ts";
import { fanOutChanges } from "../../worker/domain/webhooks.ts";
import worker from "../../worker/index.ts";
import type { TestDb } from "./db.ts";

/** What the local receiver (dev/upstreams/webhook-receiver.ts) got at one path. */
export type Received = {
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  at: number;
  answeredAt?: number;
};

export const WEBHOOK_QUEUE = "cutwatch-webhook-deliveries";

export async function received(path: string): Promise<Received[]> {
  const res = await fetch(
    `${env.WEBHOOK_RECEIVER_URL}/__received?path=${encodeURIComponent(path)}`,
  );
  return (await res.json()) as Received[];
}

/** Run the consumer on these deliveries once each, as the queue would hand them over. */
export async function consume(ids: number[]) {
  if (!ids.length) return;
  const batch = createMessageBatch(
    WEBHOOK_QUEUE,
    ids.map((deliveryId, i) => ({
      id: `d${deliveryId}-${i}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: 1,
      body: { deliveryId },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await getQueueResult(batch, ctx);
}

/**
 * Fan out what was written (editors' writes fan out after their response, so a test cannot
 * count on it having happened), then consume until no delivery of these subscriptions is
 * pending. The local queue's own consumer may take some first: the database claim makes each go
 * out once either way.
 */
export async function drain(db: TestDb, subIds: number[]) {
  await fanOutChanges(db, undefined, { verdicts: false });
  for (let round = 0; round < 20; round++) {
    const open = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          inArray(webhookDeliveries.subscriptionId, subIds),
          inArray(webhookDeliveries.status, ["pending", "sending"]),
        ),
      );
    if (!open.length) return;
    await consume(open.map((d) => d.id));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("deliveries did not settle");
}
