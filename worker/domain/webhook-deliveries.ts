import { type Db, withTransaction } from "../../db/client.ts";
import {
  type ClaimedDelivery,
  markDelivered,
  markFailed,
} from "../../db/queries/webhook-deliveries.ts";

/**
 * Attempts of webhook deliveries (the queue consumer's side): a success, or a failure retried
 * with backoff, given up after MAX_ATTEMPTS, and pausing its subscription after too many.
 */

/** Attempts of one delivery before it is given up (30 s doubling: about two hours in all). */
export const MAX_ATTEMPTS = 8;
/** Failures in a row, or hours of failing, after which a subscription is paused. */
export const PAUSE_AFTER_FAILURES = 10;
export const PAUSE_AFTER_HOURS = 24;

/** The outcome of one attempt, as the consumer reports it. */
export type AttemptResult =
  | { ok: true; code: number }
  | { ok: false; code: number | null; error: string };

/** 30 s doubling with each attempt, at most 12 hours. */
export function deliveryRetrySeconds(attempts: number): number {
  return Math.min(12 * 3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Record an attempt: delivered, or failed (retried after a backoff, given up after
 * MAX_ATTEMPTS, and the subscription paused after too many failures in a row). Returns when to
 * retry (seconds), or null when the message is done.
 */
export async function recordAttempt(
  db: Db,
  delivery: ClaimedDelivery,
  result: AttemptResult,
): Promise<number | null> {
  if (result.ok) {
    await withTransaction(db, (tx) => markDelivered(tx, delivery.id, result.code));
    return null;
  }
  const retryIn =
    delivery.attempts >= MAX_ATTEMPTS ? null : deliveryRetrySeconds(delivery.attempts);
  const outcome = await withTransaction(db, (tx) =>
    markFailed(tx, {
      id: delivery.id,
      subscriptionId: delivery.subscription_id,
      code: result.code,
      error: result.error,
      retryInSeconds: retryIn,
      maxFailures: PAUSE_AFTER_FAILURES,
      maxFailingHours: PAUSE_AFTER_HOURS,
    }),
  );
  return outcome.status === "pending" ? retryIn : null;
}
