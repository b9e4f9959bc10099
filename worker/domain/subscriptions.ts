import { type Db, type Tx, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import { keyExists } from "../../db/queries/keys.ts";
import { holdPending, listDeliveries, releaseHeld } from "../../db/queries/webhook-deliveries.ts";
import {
  agencyExists,
  countKeySubscriptions,
  deleteSubscription as deleteSubscriptionRow,
  findKeySubscriptionByUrl,
  findSubscription,
  insertSubscription,
  listSubscriptions,
  lockKeySubscriptions,
  type SubscriptionFields,
  updateSubscription as updateSubscriptionRow,
} from "../../db/queries/webhook-subscriptions.ts";
import { isStateCode } from "../lib/states.ts";
import { Refusal } from "./errors.ts";
import type { Who } from "./versioned.ts";
import { type DeliveryQueue, sendToQueue } from "./webhooks.ts";

/**
 * Subscriptions (webhooks): a subscriber key registers URLs with filters (README
 * "Subscriptions"). A key holds at most MAX_SUBSCRIPTIONS_PER_KEY, each URL once, so one key
 * cannot multiply every change into dozens of signed POSTs; filters must name a commission,
 * agency and state that exist. Admins can pause or delete any key's subscriptions.
 */

/** Enough for a dashboard's several feeds; few enough that one key cannot flood the queue. */
export const MAX_SUBSCRIPTIONS_PER_KEY = 25;

/** A new signing secret: `whsec_` and 32 random bytes in base64 (the Standard Webhooks form). */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

type Filters = Pick<Partial<SubscriptionFields>, "commission" | "agency" | "state">;

/**
 * A filter that names nothing would silently match nothing: a 400 naming the field. A commission
 * may be named by a former slug (it keeps naming the renamed commission).
 */
async function checkFilters(db: Db, f: Filters) {
  const problems: { name: string; message: string }[] = [];
  if (f.commission && (await commissionIdBySlug(db, f.commission)) === undefined) {
    problems.push({ name: "commission", message: `no commission has the slug ${f.commission}` });
  }
  if (f.agency && !(await agencyExists(db, f.agency))) {
    problems.push({ name: "agency", message: `no agency has the toptier code ${f.agency}` });
  }
  if (f.state && !isStateCode(f.state)) {
    problems.push({ name: "state", message: `${f.state} is not a US state or territory code` });
  }
  if (problems.length) {
    const detail = problems.map((p) => `${p.name}: ${p.message}`).join("; ");
    throw new Refusal("bad-request", `The filters name nothing: ${detail}.`, problems);
  }
}

/** A key subscribes each URL once: a second subscription would send every change twice. */
async function checkUrlFree(tx: Tx, apiKeyId: number, url: string, exceptId?: number) {
  const taken = await findKeySubscriptionByUrl(tx, apiKeyId, url, exceptId);
  if (taken) {
    throw new Refusal(
      "conflict",
      `This key already has subscription ${taken.id} to this URL; change its filters instead.`,
      [{ name: "url", message: "already subscribed by this key" }],
    );
  }
}

export async function createSubscription(
  db: Db,
  input: { apiKeyId: number; fields: SubscriptionFields; who: Who },
) {
  await checkFilters(db, input.fields);
  const secret = newSigningSecret();
  return withTransaction(db, async (tx) => {
    await lockKeySubscriptions(tx, input.apiKeyId);
    const held = await countKeySubscriptions(tx, input.apiKeyId);
    if (held >= MAX_SUBSCRIPTIONS_PER_KEY) {
      throw new Refusal(
        "conflict",
        `This key holds ${held} subscriptions, the most one key may; delete one first.`,
      );
    }
    await checkUrlFree(tx, input.apiKeyId, input.fields.url);
    const row = await insertSubscription(tx, { ...input.fields, apiKeyId: input.apiKeyId, secret });
    await writeAudit(tx, {
      actor: input.who.actor,
      action: "subscription.create",
      resourceType: "webhook_subscription",
      resourceId: String(row.id),
      requestId: input.who.requestId,
      details: { url: row.url },
    });
    const { secret: _s, ...rest } = row;
    return { row: rest, secret };
  });
}

/**
 * Change a subscription's URL or filters, or resume it (`resume`): a resumed subscription's
 * held deliveries are queued again.
 */
export async function updateSubscription(
  db: Db,
  input: {
    apiKeyId: number;
    id: number;
    fields: Partial<SubscriptionFields>;
    resume: boolean;
    who: Who;
    queue: DeliveryQueue | undefined;
  },
) {
  await checkFilters(db, input.fields);
  const { row, released } = await withTransaction(db, async (tx) => {
    await lockKeySubscriptions(tx, input.apiKeyId);
    if (input.fields.url) await checkUrlFree(tx, input.apiKeyId, input.fields.url, input.id);
    const row = await updateSubscriptionRow(tx, { apiKeyId: input.apiKeyId }, input.id, {
      ...input.fields,
      resume: input.resume,
    });
    if (!row) throw new Refusal("not-found", `No subscription ${input.id} of this key.`);
    const released = input.resume ? await releaseHeld(tx, row.id) : [];
    await writeAudit(tx, {
      actor: input.who.actor,
      action: input.resume ? "subscription.resume" : "subscription.update",
      resourceType: "webhook_subscription",
      resourceId: String(row.id),
      requestId: input.who.requestId,
      details: { fields: Object.keys(input.fields), released: released.length },
    });
    return { row, released };
  });
  await sendToQueue(
    input.queue,
    released.map((r) => ({ deliveryId: r.id })),
  );
  return row;
}

/** Delete a key's own subscription (`apiKeyId`), or any (an admin's, `"any"`). */
export async function deleteSubscription(
  db: Db,
  owner: { apiKeyId: number } | "any",
  id: number,
  who: Who,
) {
  return withTransaction(db, async (tx) => {
    const row = await deleteSubscriptionRow(tx, owner, id);
    if (!row)
      throw new Refusal(
        "not-found",
        `No subscription ${id}${owner === "any" ? "" : " of this key"}.`,
      );
    await writeAudit(tx, {
      actor: who.actor,
      action: "subscription.delete",
      resourceType: "webhook_subscription",
      resourceId: String(id),
      requestId: who.requestId,
      details: { url: row.url, apiKeyId: row.apiKeyId },
    });
    return row;
  });
}

/**
 * An admin pauses any subscription (a revoked key's, an abusive receiver's): nothing more is
 * sent and what it had to send is held. Only its owner can resume it.
 */
export async function pauseSubscription(db: Db, id: number, reason: string, who: Who) {
  return withTransaction(db, async (tx) => {
    const row = await updateSubscriptionRow(tx, "any", id, { pauseReason: reason });
    if (!row) throw new Refusal("not-found", `No subscription ${id}.`);
    await holdPending(tx, { subscriptionId: id });
    await writeAudit(tx, {
      actor: who.actor,
      action: "subscription.pause",
      resourceType: "webhook_subscription",
      resourceId: String(id),
      requestId: who.requestId,
      details: { reason, apiKeyId: row.apiKeyId },
    });
    return row;
  });
}

/** Any key's subscriptions for an admin, newest first; undefined when no such key exists. */
export async function keySubscriptions(
  db: Db,
  apiKeyId: number,
  opts: { before?: number | undefined; limit: number },
) {
  if (!(await keyExists(db, apiKeyId))) return undefined;
  return listSubscriptions(db, apiKeyId, opts);
}

/** A key's own subscription; undefined when the key has none with that id. */
export const ownSubscription = (db: Db, apiKeyId: number, id: number) =>
  findSubscription(db, { apiKeyId }, id);

/** A key's own subscriptions, newest first. */
export const ownSubscriptions = (
  db: Db,
  apiKeyId: number,
  opts: { before?: number | undefined; limit: number },
) => listSubscriptions(db, apiKeyId, opts);

/** A key's subscription's deliveries, newest first; undefined when the key has no such subscription. */
export async function subscriptionDeliveries(
  db: Db,
  apiKeyId: number,
  id: number,
  opts: { before?: number | undefined; limit: number },
) {
  if (!(await ownSubscription(db, apiKeyId, id))) return undefined;
  return listDeliveries(db, id, opts);
}
