import { type Db, withTransaction } from "../../db/client.ts";
import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import {
  insertDeliveries,
  type NewDelivery,
  unsentDeliveries,
} from "../../db/queries/webhook-deliveries.ts";
import {
  activeSubscriptions,
  type SubscriptionFilter,
} from "../../db/queries/webhook-subscriptions.ts";
import {
  type FanOutPosition,
  type FanOutRow,
  markFannedOut,
  type OutcomeFanOutRow,
  outcomesToFanOut,
  pruneFannedOut,
  readFanOutCursor,
  saveFanOutCursor,
  settledBefore,
  syncVerdicts,
  type VerdictChange,
  verdictsKnown,
  versionsToFanOut,
} from "../../db/queries/webhooks.ts";
import { asError } from "../lib/as-error.ts";
import { base64url } from "../lib/encoding.ts";
import { toApi } from "../lib/serialize.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { type ChangeEntry, changeRecord } from "./changes.ts";

/**
 * Webhooks' fan-out: every change the job or an editor makes (a new proposal version, a verdict
 * change of an assessment) is recorded once per matching subscription (unique per change and
 * subscription) and sent through the queue of webhook deliveries, whose consumer signs it
 * (Standard Webhooks) and posts it (worker/jobs/webhooks/queue.ts). Subscriptions themselves are
 * managed in ./subscriptions.ts, attempts recorded in ./webhook-deliveries.ts.
 */

/**
 * The kinds of change a subscription may ask for: the change list's, verdict changes, and
 * outcome events (recorded or retracted: the payload's `change` says which).
 */
export const CHANGE_KINDS = [
  "new",
  "changed",
  "removed",
  "back",
  "retracted",
  "verdict_changed",
  "outcome",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One message of the queue of webhook deliveries: a delivery to send, or a fan-out to carry on
 * (one stopped at its budget hands the rest on this way, so a big sync keeps flowing).
 */
export type WebhookDeliveryMessage = { deliveryId: number } | { fanOut: true };
/** The producer binding, as the fan-out uses it. */
export type DeliveryQueue = {
  sendBatch: (messages: Iterable<{ body: WebhookDeliveryMessage }>) => Promise<unknown>;
};

/** The fan-out trusts that no transaction stays open longer (a job run's lock lease). */
const SETTLE_MINUTES = 15;
const VERSIONS_CURSOR = "webhooks:versions";
const VERDICTS_CURSOR = "webhooks:verdicts";
const OUTCOMES_CURSOR = "webhooks:outcomes";
/** Versions read per query. */
const VERSION_PAGE = 500;
/**
 * Deliveries recorded per transaction (with the versions they came from): a page is sized by
 * the deliveries it makes, not by versions, so 100 subscriptions cost no bigger transaction.
 */
const TX_DELIVERIES = 1000;
/** Deliveries one fan-out records before it hands the rest on (a bounded slice of work). */
const RUN_DELIVERIES = 5000;

/** A live subscription, its commission filter resolved to the commission it names. */
type LiveSubscription = SubscriptionFilter & { commission_id: number | null };

/** Whether a change is one a subscription asked for. A state filter needs the claim's state. */
export function matches(
  sub: Pick<SubscriptionFilter, "commission" | "agency" | "state" | "kinds"> & {
    commission_id?: number | null;
  },
  change: {
    commission: string;
    commission_id?: number;
    agency_code: string | null;
    state?: string | null;
  },
  kind: ChangeKind,
): boolean {
  if (sub.commission && !sameCommission(sub, change)) return false;
  if (sub.agency && sub.agency !== change.agency_code) return false;
  if (sub.state && (!change.state || sub.state !== change.state)) return false;
  if (sub.kinds?.length && !sub.kinds.includes(kind)) return false;
  return true;
}

/** By id where the filter's slug resolved (a former slug names the renamed commission). */
function sameCommission(
  sub: { commission: string | null; commission_id?: number | null },
  change: { commission: string; commission_id?: number },
) {
  if (sub.commission_id != null && change.commission_id !== undefined) {
    return sub.commission_id === change.commission_id;
  }
  return sub.commission === change.commission;
}

/**
 * What a receiver gets: the change as `/v1/changes` shows it (an editor named by role only,
 * never a key id). Nothing else: no subscription, key or secret.
 */
export function changePayload(row: ChangeEntry, kind: ChangeKind, timestamp: string) {
  const record = changeRecord(row);
  const data = {
    proposal_id: record.proposal_id,
    version: record.version,
    what: kind,
    // What a version tells (/v1/changes `change`); a verdict change is no version and has none.
    change: record.change,
    changed_at: record.changed_at,
    recorded_at: record.recorded_at,
    actor: record.actor,
    reason: record.reason,
    changed_fields: record.changed_fields,
    title: record.title,
    commission: record.commission,
    agency_code: record.agency_code,
    agency_name: record.agency_name,
    claimed_savings: record.claimed_savings,
    kind: record.kind,
    // An outcome event recorded or retracted (version null): the event, its source and recorder.
    ...(record.outcome ? { outcome: record.outcome } : {}),
    links: record.links,
  };
  return { type: `change.${kind}`, timestamp, data };
}

function webhookId(): string {
  return `msg_${base64url(crypto.getRandomValues(new Uint8Array(18)))}`;
}

/** The deliveries of one change: one per subscription it matches, created before the change. */
function deliveriesFor(
  subs: LiveSubscription[],
  row: ChangeEntry & { commission_id: number; state: string | null },
  kind: ChangeKind,
  changeKey: string,
  writtenAt: string,
): NewDelivery[] {
  const at = Date.parse(toApi({ at: writtenAt }).at);
  const matched = subs.filter(
    (s) => Date.parse(toApi({ at: s.created_at }).at) <= at && matches(s, row, kind),
  );
  if (!matched.length) return [];
  // The same body for every subscription: built once.
  const payload = changePayload(row, kind, new Date(at).toISOString());
  return matched.map((s) => ({
    subscriptionId: s.id,
    changeKey,
    webhookId: webhookId(),
    eventType: `change.${kind}`,
    payload,
  }));
}

/** The live subscriptions, each commission filter resolved (current or former slug) once. */
async function liveSubscriptions(db: Db): Promise<LiveSubscription[]> {
  const subs = await activeSubscriptions(db);
  const slugs = [...new Set(subs.flatMap((s) => (s.commission ? [s.commission] : [])))];
  const ids = new Map(
    await Promise.all(
      slugs.map(async (slug) => [slug, (await commissionIdBySlug(db, slug)) ?? null] as const),
    ),
  );
  return subs.map((s) => ({
    ...s,
    commission_id: s.commission ? (ids.get(s.commission) ?? null) : null,
  }));
}

type Recorded = { id: number; subscriptionId: number };

/**
 * Match every change written since the last fan-out against the subscriptions, record one
 * delivery per (change, subscription) (a repeat is skipped by the unique key), and queue the
 * new ones. At most `budget` deliveries a run: one that stops there queues a message to carry on
 * (or the next write or job run does). `verdicts` also compares the assessments' verdicts with
 * those seen last (the job does; an editor's write changes no verdict). Safe to run concurrently
 * and repeatedly.
 */
export async function fanOutChanges(
  db: Db,
  queue: DeliveryQueue | undefined,
  opts: { verdicts: boolean; budget?: number },
) {
  const subs = await liveSubscriptions(db);
  // No one to tell (the common case for an editor's write): only the job keeps the verdicts.
  if (!subs.length && !opts.verdicts) return { changes: 0, queued: 0, more: false };
  const settled = await settledBefore(db, SETTLE_MINUTES);
  // Without subscriptions nothing is scanned: a later one gets changes from its creation on.
  const since = subs.length ? ((await readFanOutCursor(db, VERSIONS_CURSOR)) ?? settled) : settled;
  const scan = subs.length
    ? await fanOutVersions(db, since, opts.budget ?? RUN_DELIVERIES)
    : { seen: 0, recorded: [], resumeAt: undefined, more: false, subs };
  // Everything written before `settled` has been seen (or there is no one to tell), unless the
  // scan stopped early or a page failed: then it resumes from there (or `settled`, if earlier).
  const resume = earliest(scan.resumeAt, settled);
  await saveFanOutCursor(db, VERSIONS_CURSOR, resume);
  await pruneFannedOut(db, resume);
  const queued: Recorded[] = [...scan.recorded];
  // A failure leaves the outcomes' cursor where it was: a later run tries them again.
  const outcomes = await fanOutOutcomes(db, subs, settled, opts.budget ?? RUN_DELIVERIES).catch(
    (err) => {
      console.error(
        `webhooks: the outcomes' fan-out failed, to retry later: ${asError(err).message}`,
      );
      return { recorded: [] as Recorded[], seen: 0, more: false };
    },
  );
  queued.push(...outcomes.recorded);
  if (opts.verdicts) queued.push(...(await fanOutVerdicts(db, settled)));
  // Deliveries a failed send left behind go with these.
  const unsent = subs.length ? await unsentDeliveries(db, 500) : [];
  const ids = fairOrder([...queued, ...unsent], scan.subs);
  await sendToQueue(
    queue,
    ids.map((deliveryId) => ({ deliveryId })),
  );
  const more = scan.more || outcomes.more;
  if (more) await sendToQueue(queue, [{ fanOut: true }]);
  return { changes: scan.seen + outcomes.seen, queued: ids.length, more };
}

/**
 * Record the versions' deliveries in transactions of at most TX_DELIVERIES (a version matching
 * more subscriptions than that is one transaction of its own, inserted in chunks). A transaction
 * that fails is logged and skipped: its versions stay unmatched, the scan goes on past them, and
 * the cursor stays at the first of them so a later run tries them again. Stops after `budget`.
 */
async function fanOutVersions(db: Db, since: string, budget: number) {
  const recorded: Recorded[] = [];
  let subs: LiveSubscription[] = [];
  let seen = 0;
  let made = 0;
  let after: FanOutPosition | undefined;
  let failedAt: string | undefined;
  for (;;) {
    const rows = await versionsToFanOut(db, since, after, VERSION_PAGE);
    // Read after the versions: a subscription made before a version was written is then seen.
    subs = await liveSubscriptions(db);
    for (const page of pagesOf(rows, subs)) {
      const last = page.rows.at(-1);
      if (!last) continue;
      try {
        recorded.push(...(await recordPage(db, page)));
      } catch (err) {
        console.error(`webhooks: a fan-out page failed, to retry later: ${asError(err).message}`);
        failedAt ??= page.rows[0]?.written_at;
      }
      seen += page.rows.length;
      made += page.deliveries.length;
      after = { writtenAt: last.written_at, proposalId: last.proposal_id, version: last.version };
      if (made >= budget) {
        const resumeAt = earliest(failedAt, last.written_at);
        return { seen, recorded, resumeAt, more: true, subs };
      }
    }
    if (rows.length < VERSION_PAGE) {
      return { seen, recorded, resumeAt: failedAt, more: false, subs };
    }
  }
}

type Page = { rows: FanOutRow[]; deliveries: NewDelivery[] };

/** Versions grouped so that each group makes at most TX_DELIVERIES deliveries (or one version). */
function* pagesOf(rows: FanOutRow[], subs: LiveSubscription[]): Generator<Page> {
  let page: Page = { rows: [], deliveries: [] };
  for (const row of rows) {
    const kind = changeRecord(row).what;
    const made = deliveriesFor(
      subs,
      row,
      kind,
      `version:${row.proposal_id}:${row.version}`,
      row.written_at,
    );
    if (page.rows.length && page.deliveries.length + made.length > TX_DELIVERIES) {
      yield page;
      page = { rows: [], deliveries: [] };
    }
    page.rows.push(row);
    page.deliveries.push(...made);
  }
  if (page.rows.length) yield page;
}

/** A page's deliveries and the marks of its versions, together or not at all. */
function recordPage(db: Db, page: Page) {
  return withTransaction(db, async (tx) => {
    const ids = await insertDeliveries(tx, page.deliveries);
    await markFannedOut(tx, page.rows);
    return ids;
  });
}

/**
 * Outcome events recorded or retracted since the last fan-out: one delivery per matching
 * subscription, keyed `outcome:<event>` or `outcome-retracted:<event>` (so rereading the
 * settling window records none twice), read in pages of VERSION_PAGE and inserted in chunks,
 * at most `budget` a run; a run stopped there resumes from the last event it matched.
 */
async function fanOutOutcomes(db: Db, subs: LiveSubscription[], settled: string, budget: number) {
  const recorded: Recorded[] = [];
  let seen = 0;
  let made = 0;
  if (!subs.length) {
    await saveFanOutCursor(db, OUTCOMES_CURSOR, settled);
    return { recorded, seen, more: false };
  }
  const since = (await readFanOutCursor(db, OUTCOMES_CURSOR)) ?? settled;
  let after: { at: string; seq: number } | undefined;
  for (;;) {
    const rows: OutcomeFanOutRow[] = await outcomesToFanOut(db, since, after, VERSION_PAGE);
    for (let i = 0; i < rows.length; ) {
      const deliveries: NewDelivery[] = [];
      let last: OutcomeFanOutRow | undefined;
      for (; i < rows.length && deliveries.length < TX_DELIVERIES; i++) {
        last = rows[i];
        if (!last) break;
        const key = `${last.change === "outcome" ? "outcome" : "outcome-retracted"}:${last.outcome.event_id}`;
        deliveries.push(...deliveriesFor(subs, last, "outcome", key, last.written_at));
      }
      if (!last) break;
      recorded.push(...(await insertDeliveries(db, deliveries)));
      made += deliveries.length;
      after = { at: last.written_at, seq: last.seq };
      if (made >= budget) {
        await saveFanOutCursor(db, OUTCOMES_CURSOR, earliest(last.written_at, settled));
        return { recorded, seen: seen + i, more: true };
      }
    }
    seen += rows.length;
    if (rows.length < VERSION_PAGE) break;
  }
  await saveFanOutCursor(db, OUTCOMES_CURSOR, settled);
  return { recorded, seen, more: false };
}

/** The earlier of two database timestamps (either may be missing). */
function earliest(a: string | undefined, b: string): string;
function earliest(a: string | undefined, b: string | undefined): string | undefined;
function earliest(a: string | undefined, b: string | undefined) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(toApi({ at: a }).at) < Date.parse(toApi({ at: b }).at) ? a : b;
}

/**
 * Deliveries queued in turns, one key after another, so one key's many subscriptions cannot
 * put every other subscriber at the back of the queue.
 */
function fairOrder(rows: Recorded[], subs: LiveSubscription[]): number[] {
  const keyOf = new Map(subs.map((s) => [s.id, s.api_key_id]));
  const byKey = new Map<number | undefined, number[]>();
  for (const r of rows) {
    const key = keyOf.get(r.subscriptionId);
    const list = byKey.get(key) ?? [];
    if (!list.includes(r.id)) list.push(r.id);
    byKey.set(key, list);
  }
  const queues = [...byKey.values()];
  const out: number[] = [];
  for (let i = 0; out.length < rows.length && queues.some((q) => i < q.length); i++) {
    for (const q of queues) {
      const id = q[i];
      if (id !== undefined) out.push(id);
    }
  }
  return [...new Set(out)];
}

async function fanOutVerdicts(db: Db, settled: string) {
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
  if (!changes.length) return [];
  const subs = await liveSubscriptions(db);
  if (!subs.length) return [];
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

export async function sendToQueue(
  queue: DeliveryQueue | undefined,
  bodies: WebhookDeliveryMessage[],
) {
  if (!queue || !bodies.length) return;
  for (let i = 0; i < bodies.length; i += 100) {
    await queue.sendBatch(bodies.slice(i, i + 100).map((body) => ({ body })));
  }
}
