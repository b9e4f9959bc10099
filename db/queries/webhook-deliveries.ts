import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { webhookDeliveries, webhookSubscriptions } from "../schema/index.ts";

export type NewDelivery = {
  subscriptionId: number;
  changeKey: string;
  webhookId: string;
  eventType: string;
  payload: unknown;
};

/**
 * Rows per insert statement: at 5 parameters a row, far below Postgres's 65,535 (13,107 rows),
 * and far below the tens of thousands of rows at which Drizzle's statement builder ran out of
 * stack.
 */
const INSERT_CHUNK = 500;

/**
 * Record deliveries, in statements of INSERT_CHUNK rows; one already recorded for the same change
 * and subscription is skipped. Returns the new ones.
 */
export async function insertDeliveries(db: Db | Tx, rows: NewDelivery[]) {
  const inserted: { id: number; subscriptionId: number }[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = await db
      .insert(webhookDeliveries)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({
        target: [webhookDeliveries.subscriptionId, webhookDeliveries.changeKey],
      })
      .returning({ id: webhookDeliveries.id, subscriptionId: webhookDeliveries.subscriptionId });
    inserted.push(...chunk);
  }
  return inserted;
}

/**
 * Deliveries recorded over ten minutes ago and never attempted (their send to the queue failed,
 * or the queue was not bound): oldest first.
 */
export async function unsentDeliveries(db: Db, limit: number) {
  return db
    .select({ id: webhookDeliveries.id, subscriptionId: webhookDeliveries.subscriptionId })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        isNull(webhookDeliveries.lastAttemptAt),
        lt(webhookDeliveries.createdAt, sql`now() - interval '10 minutes'`),
      ),
    )
    .orderBy(webhookDeliveries.id)
    .limit(limit);
}

export type ClaimedDelivery = {
  id: number;
  webhook_id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
  subscription_id: number;
  api_key_id: number;
  paused: boolean;
};

/**
 * Take a pending delivery for one attempt: its status becomes `sending` (so a second consumer
 * of the same message sends nothing), attempts + 1. Undefined when it is not pending (delivered,
 * given up, or being sent). Only a live subscription's delivery is sent: one whose subscription
 * is paused, or whose key was revoked (a retry queued before the revocation), is set `held`.
 */
export async function claimDelivery(db: Db, id: number): Promise<ClaimedDelivery | undefined> {
  const result = await db.execute<ClaimedDelivery>(sql`
    with target as (
      select d.id, (s.paused_at is null and k.revoked_at is null) as live
      from webhook_deliveries d
      join webhook_subscriptions s on s.id = d.subscription_id
      join api_keys k on k.id = s.api_key_id
      where d.id = ${id}
    )
    update webhook_deliveries d
    set status = case when t.live then 'sending' else 'held' end,
      attempts = d.attempts + case when t.live then 1 else 0 end,
      last_attempt_at = case when t.live then now() else d.last_attempt_at end
    from target t, webhook_subscriptions s
    where d.id = t.id and s.id = d.subscription_id
      and (d.status = 'pending'
        or (d.status = 'sending' and d.last_attempt_at < now() - interval '5 minutes'))
    returning d.id::int as id, d.webhook_id, d.payload, d.attempts, s.url, s.secret,
      s.id::int as subscription_id, s.api_key_id::int as api_key_id, not t.live as paused`);
  return result.rows[0];
}

export async function markDelivered(db: Db | Tx, id: number, code: number) {
  const [row] = await db
    .update(webhookDeliveries)
    .set({
      status: "delivered",
      responseCode: code,
      lastError: null,
      nextRetryAt: null,
      deliveredAt: sql`now()`,
    })
    .where(eq(webhookDeliveries.id, id))
    .returning({ subscriptionId: webhookDeliveries.subscriptionId });
  if (row) {
    await db
      .update(webhookSubscriptions)
      .set({ consecutiveFailures: 0, failingSince: null })
      .where(eq(webhookSubscriptions.id, row.subscriptionId));
  }
}

/**
 * A failed attempt: the delivery's error and next retry (or `failed` when given up), and the
 * subscription's failures in a row; paused (with `pauseReason`) once they pass the limits.
 * Returns whether the subscription is now paused.
 */
export async function markFailed(
  db: Tx,
  input: {
    id: number;
    subscriptionId: number;
    code: number | null;
    error: string;
    retryInSeconds: number | null;
    maxFailures: number;
    maxFailingHours: number;
  },
) {
  const [sub] = await db
    .update(webhookSubscriptions)
    .set({
      consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1`,
      failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, now())`,
    })
    .where(eq(webhookSubscriptions.id, input.subscriptionId))
    .returning({
      failures: webhookSubscriptions.consecutiveFailures,
      longFailing: sql<boolean>`${webhookSubscriptions.failingSince} < now() - make_interval(hours => ${input.maxFailingHours})`,
      pausedAt: webhookSubscriptions.pausedAt,
    });
  const pause =
    sub !== undefined &&
    sub.pausedAt === null &&
    (sub.failures >= input.maxFailures || sub.longFailing);
  if (pause && sub) {
    const reason =
      sub.failures >= input.maxFailures
        ? `${sub.failures} deliveries failed in a row (last: ${input.error})`
        : `deliveries have failed for more than ${input.maxFailingHours} hours (last: ${input.error})`;
    await db
      .update(webhookSubscriptions)
      .set({ pausedAt: sql`now()`, pausedReason: reason })
      .where(eq(webhookSubscriptions.id, input.subscriptionId));
  }
  const status = pause ? "held" : input.retryInSeconds === null ? "failed" : "pending";
  await db
    .update(webhookDeliveries)
    .set({
      status,
      responseCode: input.code,
      lastError: input.error,
      nextRetryAt:
        status === "pending"
          ? sql`now() + make_interval(secs => ${input.retryInSeconds ?? 0})`
          : null,
    })
    .where(eq(webhookDeliveries.id, input.id));
  return { paused: pause, status };
}

/**
 * A paused subscription's (or a revoked key's) pending deliveries are held: the log says so at
 * once, and a retry already in the queue is not sent (the claim holds it too).
 */
export async function holdPending(tx: Tx, of: { subscriptionId: number } | { apiKeyId: number }) {
  await tx.execute(sql`
    update webhook_deliveries d set status = 'held', next_retry_at = null
    from webhook_subscriptions s
    where s.id = d.subscription_id and d.status = 'pending'
      and ${"subscriptionId" in of ? sql`s.id = ${of.subscriptionId}` : sql`s.api_key_id = ${of.apiKeyId}`}`);
}

/** A resumed subscription's held deliveries go back to pending; their ids, to queue again. */
export async function releaseHeld(db: Db | Tx, subscriptionId: number) {
  return db
    .update(webhookDeliveries)
    .set({ status: "pending", nextRetryAt: null })
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        eq(webhookDeliveries.status, "held"),
      ),
    )
    .returning({ id: webhookDeliveries.id });
}

/** A subscription's delivery log, newest first. */
export async function listDeliveries(
  db: Db,
  subscriptionId: number,
  opts: { before?: number | undefined; limit: number },
) {
  return db
    .select({
      id: webhookDeliveries.id,
      webhookId: webhookDeliveries.webhookId,
      eventType: webhookDeliveries.eventType,
      changeKey: webhookDeliveries.changeKey,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      responseCode: webhookDeliveries.responseCode,
      lastError: webhookDeliveries.lastError,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      nextRetryAt: webhookDeliveries.nextRetryAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        opts.before === undefined ? undefined : lt(webhookDeliveries.id, opts.before),
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit);
}
