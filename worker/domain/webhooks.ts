import { type Db, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import type { ChangeRow } from "../../db/queries/changes.ts";
import {
  activeSubscriptions,
  type ClaimedDelivery,
  deleteSubscription as deleteSubscriptionRow,
  type FanOutRow,
  insertDeliveries,
  insertSubscription,
  markDelivered,
  markFailed,
  markFannedOut,
  type NewDelivery,
  pruneFannedOut,
  readFanOutCursor,
  releaseHeld,
  type SubscriptionFields,
  type SubscriptionFilter,
  saveFanOutCursor,
  settledBefore,
  syncVerdicts,
  unsentDeliveries,
  updateSubscription as updateSubscriptionRow,
  type VerdictChange,
  verdictsKnown,
  versionsToFanOut,
} from "../../db/queries/webhooks.ts";
import { base64url } from "../lib/encoding.ts";
import { toApi } from "../lib/serialize.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { changeRecord } from "./changes.ts";
import { Refusal } from "./errors.ts";
import type { Who } from "./versioned.ts";

/**
 * Subscriptions (webhooks): a subscriber key registers URLs with filters; every change the job
 * or an editor makes (a new proposal version, a verdict change of an assessment) is recorded
 * once per matching subscription (unique per change and subscription) and sent through the
 * queue of webhook deliveries, whose consumer signs it (Standard Webhooks) and posts it.
 */

/** The kinds of change a subscription may ask for: the change list's, and verdict changes. */
export const CHANGE_KINDS = [
  "new",
  "changed",
  "removed",
  "back",
  "retracted",
  "verdict_changed",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One message of the queue of webhook deliveries. */
export type WebhookDeliveryMessage = { deliveryId: number };
/** The producer binding, as the fan-out uses it. */
export type DeliveryQueue = {
  sendBatch: (messages: Iterable<{ body: WebhookDeliveryMessage }>) => Promise<unknown>;
};

/** Attempts of one delivery before it is given up (30 s doubling: about two hours in all). */
export const MAX_ATTEMPTS = 8;
/** Failures in a row, or hours of failing, after which a subscription is paused. */
export const PAUSE_AFTER_FAILURES = 10;
export const PAUSE_AFTER_HOURS = 24;
/** The fan-out trusts that no transaction stays open longer (a job run's lock lease). */
const SETTLE_MINUTES = 15;
const VERSIONS_CURSOR = "webhooks:versions";
const VERDICTS_CURSOR = "webhooks:verdicts";
const PAGE = 1000;
const MAX_PAGES = 10;

/** A new signing secret: `whsec_` and 32 random bytes in base64 (the Standard Webhooks form). */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export async function createSubscription(
  db: Db,
  input: { apiKeyId: number; fields: SubscriptionFields; who: Who },
) {
  const secret = newSigningSecret();
  return withTransaction(db, async (tx) => {
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
  const { row, released } = await withTransaction(db, async (tx) => {
    const row = await updateSubscriptionRow(tx, input.apiKeyId, input.id, {
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
  await sendToQueue(input.queue, released);
  return row;
}

export async function deleteSubscription(db: Db, apiKeyId: number, id: number, who: Who) {
  return withTransaction(db, async (tx) => {
    const row = await deleteSubscriptionRow(tx, apiKeyId, id);
    if (!row) throw new Refusal("not-found", `No subscription ${id} of this key.`);
    await writeAudit(tx, {
      actor: who.actor,
      action: "subscription.delete",
      resourceType: "webhook_subscription",
      resourceId: String(id),
      requestId: who.requestId,
      details: { url: row.url },
    });
    return row;
  });
}

/** Whether a change is one a subscription asked for. A state filter needs the claim's state. */
export function matches(
  sub: Pick<SubscriptionFilter, "commission" | "agency" | "state" | "kinds">,
  change: { commission: string; agency_code: string | null; state?: string | null },
  kind: ChangeKind,
): boolean {
  if (sub.commission && sub.commission !== change.commission) return false;
  if (sub.agency && sub.agency !== change.agency_code) return false;
  if (sub.state && (!change.state || sub.state !== change.state)) return false;
  if (sub.kinds?.length && !sub.kinds.includes(kind)) return false;
  return true;
}

/**
 * What a receiver gets: the change as `/v1/changes` shows it, with an editor named by role only
 * (never a key id). Nothing else: no subscription, key or secret.
 */
export function changePayload(row: ChangeRow, kind: ChangeKind, timestamp: string) {
  const record = changeRecord(row);
  const data = {
    proposal_id: record.proposal_id,
    version: record.version,
    what: kind,
    // What a version tells (/v1/changes `change`); a verdict change is no version and has none.
    change: record.change,
    changed_at: record.changed_at,
    recorded_at: record.recorded_at,
    actor: record.actor.startsWith("key:") ? "editor" : record.actor,
    reason: record.reason,
    changed_fields: record.changed_fields,
    title: record.title,
    commission: record.commission,
    agency_code: record.agency_code,
    agency_name: record.agency_name,
    claimed_savings: record.claimed_savings,
    kind: record.kind,
    links: record.links,
  };
  return { type: `change.${kind}`, timestamp, data };
}

function webhookId(): string {
  return `msg_${base64url(crypto.getRandomValues(new Uint8Array(18)))}`;
}

function deliveriesFor(
  subs: SubscriptionFilter[],
  row: ChangeRow,
  kind: ChangeKind,
  changeKey: string,
  writtenAt: string,
): NewDelivery[] {
  const at = Date.parse(toApi({ at: writtenAt }).at);
  return subs
    .filter((s) => Date.parse(toApi({ at: s.created_at }).at) <= at && matches(s, row, kind))
    .map((s) => ({
      subscriptionId: s.id,
      changeKey,
      webhookId: webhookId(),
      eventType: `change.${kind}`,
      payload: changePayload(row, kind, new Date(at).toISOString()),
    }));
}

/**
 * Match every change written since the last fan-out against the subscriptions, record one
 * delivery per (change, subscription) (a repeat is skipped by the unique key), and queue the
 * new ones. `verdicts` also compares the assessments' verdicts with those seen last (the job
 * does; an editor's write changes no verdict). Safe to run concurrently and repeatedly.
 */
export async function fanOutChanges(
  db: Db,
  queue: DeliveryQueue | undefined,
  opts: { verdicts: boolean },
) {
  const subs = await activeSubscriptions(db);
  // No one to tell (the common case for an editor's write): only the job keeps the verdicts.
  if (!subs.length && !opts.verdicts) return { changes: 0, queued: 0 };
  const settled = await settledBefore(db, SETTLE_MINUTES);
  // Without subscriptions nothing is scanned: a later one gets changes from its creation on.
  const since = subs.length ? ((await readFanOutCursor(db, VERSIONS_CURSOR)) ?? settled) : settled;
  const queued: { id: number }[] = [];
  let seen = 0;
  // Where the scan got to when it stopped at MAX_PAGES with more to read.
  let stoppedAt: string | undefined;
  for (let page = 0; subs.length && page < MAX_PAGES; page++) {
    const rows: FanOutRow[] = await versionsToFanOut(db, since, PAGE);
    if (!rows.length) break;
    stoppedAt = rows.length === PAGE ? rows.at(-1)?.written_at : undefined;
    seen += rows.length;
    const inserted = await withTransaction(db, async (tx) => {
      const deliveries = rows.flatMap((row) => {
        const kind = changeRecord(row).what;
        return deliveriesFor(
          subs,
          row,
          kind,
          `version:${row.proposal_id}:${row.version}`,
          row.written_at,
        );
      });
      const ids = await insertDeliveries(tx, deliveries);
      await markFannedOut(tx, rows);
      return ids;
    });
    queued.push(...inserted);
    if (rows.length < PAGE) break;
  }
  // Everything written before `settled` has been seen (or there is no one to tell), unless the
  // scan stopped early: then it resumes from where it stopped (or `settled`, if earlier).
  const resume =
    stoppedAt && Date.parse(toApi({ at: stoppedAt }).at) < Date.parse(toApi({ at: settled }).at)
      ? stoppedAt
      : settled;
  await saveFanOutCursor(db, VERSIONS_CURSOR, resume);
  await pruneFannedOut(db, settled);
  if (opts.verdicts) queued.push(...(await fanOutVerdicts(db, subs, settled)));
  // Deliveries a failed send left behind go with these.
  const unsent = subs.length ? await unsentDeliveries(db, 500) : [];
  const ids = [...new Set([...queued, ...unsent].map((d) => d.id))];
  await sendToQueue(
    queue,
    ids.map((id) => ({ id })),
  );
  return { changes: seen, queued: ids.length };
}

async function fanOutVerdicts(db: Db, subs: SubscriptionFilter[], settled: string) {
  const since = await readFanOutCursor(db, VERDICTS_CURSOR);
  // The first pass learns every verdict (none is a change); later ones rescan the settling window.
  const known = await verdictsKnown(db);
  const changes: VerdictChange[] = await syncVerdicts(
    db,
    METHODOLOGY_VERSION,
    known ? (since ?? settled) : undefined,
    known,
  );
  await saveFanOutCursor(db, VERDICTS_CURSOR, settled);
  if (!subs.length || !changes.length) return [];
  const deliveries = changes.flatMap((c) =>
    deliveriesFor(
      subs,
      c,
      "verdict_changed",
      `verdict:${c.proposal_id}:${c.changes}`,
      c.verdict_changed_at,
    ),
  );
  return insertDeliveries(db, deliveries);
}

async function sendToQueue(queue: DeliveryQueue | undefined, rows: { id: number }[]) {
  if (!queue || !rows.length) return;
  for (let i = 0; i < rows.length; i += 100) {
    await queue.sendBatch(rows.slice(i, i + 100).map((r) => ({ body: { deliveryId: r.id } })));
  }
}

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
