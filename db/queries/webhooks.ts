import { and, desc, eq, getTableColumns, isNull, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import {
  jobCursors,
  webhookDeliveries,
  webhookFannedVersions,
  webhookSubscriptions,
  webhookVerdicts,
} from "../schema/index.ts";
import { type ChangeRow, changeKindSql } from "./changes.ts";

export type Subscription = typeof webhookSubscriptions.$inferSelect;
export type SubscriptionFields = Pick<
  typeof webhookSubscriptions.$inferInsert,
  "url" | "description" | "commission" | "agency" | "state" | "kinds"
>;

/** A subscription's columns as its owner reads them: never the secret. */
const { secret: _secret, ...publicColumns } = getTableColumns(webhookSubscriptions);
export type PublicSubscription = Omit<Subscription, "secret">;

export async function insertSubscription(
  db: Db | Tx,
  values: SubscriptionFields & { apiKeyId: number; secret: string },
) {
  const [row] = await db.insert(webhookSubscriptions).values(values).returning();
  if (!row) throw new Error("the subscription was not stored");
  return row;
}

/** One of a key's subscriptions (another key's is as good as absent). */
export async function findSubscription(db: Db | Tx, apiKeyId: number, id: number) {
  const [row] = await db
    .select(publicColumns)
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.apiKeyId, apiKeyId)));
  return row;
}

export async function listSubscriptions(
  db: Db,
  apiKeyId: number,
  opts: { before?: number | undefined; limit: number },
) {
  return db
    .select(publicColumns)
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.apiKeyId, apiKeyId),
        opts.before === undefined ? undefined : lt(webhookSubscriptions.id, opts.before),
      ),
    )
    .orderBy(desc(webhookSubscriptions.id))
    .limit(opts.limit);
}

export async function updateSubscription(
  db: Db | Tx,
  apiKeyId: number,
  id: number,
  values: Partial<SubscriptionFields> & { resume?: boolean },
) {
  const { resume, ...fields } = values;
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      ...fields,
      ...(resume
        ? { pausedAt: null, pausedReason: null, consecutiveFailures: 0, failingSince: null }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.apiKeyId, apiKeyId)))
    .returning(publicColumns);
  return row;
}

export async function deleteSubscription(db: Db | Tx, apiKeyId: number, id: number) {
  const [row] = await db
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.apiKeyId, apiKeyId)))
    .returning(publicColumns);
  return row;
}

/** Subscriptions that take deliveries: not paused, their key not revoked. */
export type SubscriptionFilter = {
  id: number;
  commission: string | null;
  agency: string | null;
  state: string | null;
  kinds: string[] | null;
  created_at: string;
};

export async function activeSubscriptions(db: Db): Promise<SubscriptionFilter[]> {
  const result = await db.execute<SubscriptionFilter>(sql`
    select s.id::int as id, s.commission, s.agency, s.state, s.kinds, s.created_at::text as created_at
    from webhook_subscriptions s join api_keys k on k.id = s.api_key_id
    where s.paused_at is null and k.revoked_at is null`);
  return result.rows;
}

/** A change the fan-out reads: the change list's row, and when it was written. */
export type FanOutRow = ChangeRow & {
  written_at: string;
  /** The claim's state where its place is known (proposal_places), for a state filter. */
  state: string | null;
};

/**
 * Versions written at or after `since` that the fan-out has not matched yet, in the order they
 * were written, with the change list's columns.
 */
export async function versionsToFanOut(db: Db, since: string, limit: number) {
  const result = await db.execute<FanOutRow>(sql`
    select v.proposal_id::int as proposal_id, v.version, v.observed_at::text as changed_at,
      v.created_at::text as recorded_at, v.created_at::text as written_at,
      v.actor, v.reason, v.changed_fields, p.title, c.slug as commission, p.agency_code,
      p.agency_name, p.claimed_savings::text as claimed_savings, p.kind::text as kind,
      ${changeKindSql} as change, pl.state
    from proposal_versions v
    join proposals p on p.id = v.proposal_id
    join commissions c on c.id = p.commission_id
    left join proposal_places pl on pl.proposal_id = p.id
    where v.created_at >= ${since}::timestamptz
      and not exists (select 1 from webhook_fanned_versions f
        where f.proposal_id = v.proposal_id and f.version = v.version)
    order by v.created_at, v.proposal_id, v.version
    limit ${limit}`);
  return result.rows;
}

/** Mark versions matched (their deliveries are recorded in the same transaction). */
export async function markFannedOut(db: Db | Tx, rows: FanOutRow[]) {
  if (!rows.length) return;
  await db
    .insert(webhookFannedVersions)
    .values(
      rows.map((r) => ({ proposalId: r.proposal_id, version: r.version, writtenAt: r.written_at })),
    )
    .onConflictDoNothing();
}

/** Forget marks well behind the cursor: nothing is written that far back any more. */
export async function pruneFannedOut(db: Db, before: string) {
  await db.execute(sql`delete from webhook_fanned_versions
    where written_at < ${before}::timestamptz - interval '1 hour'`);
}

/**
 * The database's clock less `minutes`: a transaction still open that long ago is taken to have
 * ended (longer than any job run holds its lock), so versions before it are all visible.
 */
export async function settledBefore(db: Db, minutes: number): Promise<string> {
  const result = await db.execute<{ at: string }>(
    sql`select (now() - make_interval(mins => ${minutes}))::text as at`,
  );
  return result.rows[0]?.at ?? new Date(0).toISOString();
}

export async function readFanOutCursor(db: Db, step: string) {
  const [row] = await db.select().from(jobCursors).where(eq(jobCursors.step, step));
  return (row?.cursor as { at?: string } | undefined)?.at;
}

/** Save where the fan-out resumes; never moves it back. */
export async function saveFanOutCursor(db: Db, step: string, at: string) {
  await db.execute(sql`
    insert into job_cursors (step, cursor) values (${step}, jsonb_build_object('at', ${at}::text))
    on conflict (step) do update set cursor = excluded.cursor, updated_at = now()
    where (job_cursors.cursor->>'at')::timestamptz < (excluded.cursor->>'at')::timestamptz`);
}

/** A verdict change of a claim: its new and previous status, numbered per claim. */
export type VerdictChange = ChangeRow & {
  state: string | null;
  previous: string | null;
  status: string;
  changes: number;
  verdict_changed_at: string;
};

/**
 * Bring the per-claim verdicts the fan-out last saw up to date from the assessments (of
 * `methodology`) computed since `since` (all when undefined), and return the claims whose verdict
 * changed, with the change list's columns. A claim seen for the first time is a change (from
 * none) only when `firstIsChange`.
 */
export async function syncVerdicts(
  db: Db,
  methodology: string,
  since: string | undefined,
  firstIsChange: boolean,
): Promise<VerdictChange[]> {
  const result = await db.execute<VerdictChange>(sql`
    with upserted as (
      insert into webhook_verdicts as w (proposal_id, status)
      select a.proposal_id, a.status::text from assessments a
      where a.methodology_version = ${methodology}
        ${since ? sql`and a.computed_at >= ${since}::timestamptz` : sql``}
      on conflict (proposal_id) do update
        set status = excluded.status, previous = w.status, changes = w.changes + 1,
          changed_at = now()
        where w.status is distinct from excluded.status
      returning w.proposal_id, w.status, w.previous, w.changes, w.changed_at::text as at,
        (xmax = 0) as inserted
    )
    select u.proposal_id::int as proposal_id, pv.version, u.at as changed_at,
      u.at as recorded_at, u.at as verdict_changed_at, 'assess' as actor, null as reason,
      jsonb_build_object('assessment_status',
        jsonb_build_object('old', u.previous, 'new', u.status)) as changed_fields,
      p.title, c.slug as commission, p.agency_code, p.agency_name,
      p.claimed_savings::text as claimed_savings, p.kind::text as kind,
      u.previous, u.status, u.changes, pl.state
    from upserted u
    join proposals p on p.id = u.proposal_id
    join commissions c on c.id = p.commission_id
    left join proposal_places pl on pl.proposal_id = p.id
    left join lateral (select max(version) as version from proposal_versions
      where proposal_id = u.proposal_id) pv on true
    where ${firstIsChange ? sql`true` : sql`not u.inserted`}`);
  return result.rows;
}

export async function verdictsKnown(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: webhookVerdicts.proposalId }).from(webhookVerdicts).limit(1);
  return row !== undefined;
}

export type NewDelivery = {
  subscriptionId: number;
  changeKey: string;
  webhookId: string;
  eventType: string;
  payload: unknown;
};

/** Record deliveries; one already recorded for the same change and subscription is skipped. */
export async function insertDeliveries(db: Db | Tx, rows: NewDelivery[]) {
  if (!rows.length) return [];
  return db
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({
      target: [webhookDeliveries.subscriptionId, webhookDeliveries.changeKey],
    })
    .returning({ id: webhookDeliveries.id });
}

/**
 * Deliveries recorded over ten minutes ago and never attempted (their send to the queue failed,
 * or the queue was not bound): oldest first.
 */
export async function unsentDeliveries(db: Db, limit: number) {
  return db
    .select({ id: webhookDeliveries.id })
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
  paused: boolean;
};

/**
 * Take a pending delivery for one attempt: its status becomes `sending` (so a second consumer
 * of the same message sends nothing), attempts + 1. Undefined when it is not pending (delivered,
 * given up, or being sent); a paused subscription's delivery is set `held` instead.
 */
export async function claimDelivery(db: Db, id: number): Promise<ClaimedDelivery | undefined> {
  const result = await db.execute<ClaimedDelivery>(sql`
    update webhook_deliveries d
    set status = case when s.paused_at is null then 'sending' else 'held' end,
      attempts = d.attempts + case when s.paused_at is null then 1 else 0 end,
      last_attempt_at = case when s.paused_at is null then now() else d.last_attempt_at end
    from webhook_subscriptions s
    where d.id = ${id} and s.id = d.subscription_id
      and (d.status = 'pending'
        or (d.status = 'sending' and d.last_attempt_at < now() - interval '5 minutes'))
    returning d.id::int as id, d.webhook_id, d.payload, d.attempts, s.url, s.secret,
      s.id::int as subscription_id, (s.paused_at is not null) as paused`);
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
