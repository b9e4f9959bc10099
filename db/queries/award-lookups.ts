import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { awardLookups } from "../schema/index.ts";

/** Longest an award that keeps failing is left alone: a week, the evidence's own refresh age. */
const MAX_BACKOFF_HOURS = 7 * 24;

/**
 * Note a failed lookup of one award: its error and attempt count. `final` means the job gives
 * up on it for now (an inline failure, or its queue message went to the dead-letter queue): it
 * is recorded as failed and not picked again before an exponential backoff (1 h, 2 h, 4 h … a
 * week) has passed. A failure that the queue will retry keeps the lease its message was sent with.
 */
export async function recordLookupFailure(
  db: Db,
  awardId: string,
  error: string,
  { final }: { final: boolean },
) {
  const text = error.slice(0, 2000);
  const backoff = sql`now() + least(${MAX_BACKOFF_HOURS}, power(2, ${awardLookups.attempts}))
    * interval '1 hour'`;
  await db
    .insert(awardLookups)
    .values({
      awardId,
      attempts: 1,
      lastError: text,
      lastAttemptAt: sql`now()`,
      failedAt: final ? sql`now()` : null,
      retryAt: final ? sql`now() + interval '1 hour'` : null,
    })
    .onConflictDoUpdate({
      target: awardLookups.awardId,
      set: {
        attempts: sql`${awardLookups.attempts} + 1`,
        lastError: text,
        lastAttemptAt: sql`now()`,
        // The backoff reads the attempts before this update: 2^attempts hours.
        ...(final ? { failedAt: sql`now()`, retryAt: backoff } : {}),
      },
    });
}

/**
 * Mark awards as sent to the queue: none is picked again within `leaseMinutes` (its message is
 * on its way, or being retried), and whatever failure was recorded before stays readable.
 */
export async function markQueued(db: Db, awardIds: string[], leaseMinutes: number) {
  if (awardIds.length === 0) return;
  const lease = sql`now() + make_interval(mins => ${leaseMinutes})`;
  await db
    .insert(awardLookups)
    .values(awardIds.map((awardId) => ({ awardId, queuedAt: sql`now()`, retryAt: lease })))
    .onConflictDoUpdate({
      target: awardLookups.awardId,
      set: { queuedAt: sql`now()`, retryAt: lease },
    });
}

/**
 * Give up on an award whose queue message was dead-lettered: recorded as failed, with the last
 * error its attempts noted (or `error` when none was), and backed off like an inline failure.
 */
export async function giveUpLookup(db: Db, awardId: string, error: string, attempts: number) {
  const backoff = sql`now() + least(${MAX_BACKOFF_HOURS}, power(2, greatest(${awardLookups.attempts}, 1) - 1))
    * interval '1 hour'`;
  await db
    .insert(awardLookups)
    .values({
      awardId,
      attempts,
      lastError: error,
      lastAttemptAt: sql`now()`,
      failedAt: sql`now()`,
      retryAt: sql`now() + interval '1 hour'`,
    })
    .onConflictDoUpdate({
      target: awardLookups.awardId,
      set: {
        lastError: sql`coalesce(${awardLookups.lastError}, ${error})`,
        failedAt: sql`now()`,
        retryAt: backoff,
      },
    });
}

/** Awards whose lookup is recorded as failed, newest failure first (for an operator). */
export async function failedLookups(db: Db, limit: number) {
  return db
    .select()
    .from(awardLookups)
    .where(sql`${awardLookups.failedAt} is not null`)
    .orderBy(sql`${awardLookups.failedAt} desc`, awardLookups.awardId)
    .limit(limit);
}

/** A lookup is pending while its message is on the queue or being retried (its lease runs). */
const PENDING = sql`(${awardLookups.queuedAt} > coalesce(${awardLookups.failedAt}, '-infinity')
  and ${awardLookups.retryAt} > now())`;

/**
 * Pending lookups that failed at least once, the latest failure first: what the upstream said
 * while the queue retries them (why a backlog is not moving).
 */
export async function retryingLookups(db: Db, limit: number) {
  return db
    .select()
    .from(awardLookups)
    .where(sql`${PENDING} and ${awardLookups.lastError} is not null`)
    .orderBy(sql`${awardLookups.lastAttemptAt} desc nulls last`, awardLookups.awardId)
    .limit(limit);
}

/**
 * The queue of award lookups at a glance: awards sent and not settled yet (`pending`: their
 * message is on the queue or being retried, `retrying` of them have failed at least once),
 * those given up on for now (`failed`), and consumer batches at work (`consuming`: the last
 * one assesses the claims after its awards are stored).
 */
export async function lookupCounts(db: Db) {
  const result = await db.execute<{
    pending: number;
    retrying: number;
    failed: number;
    consuming: number;
  }>(sql`
    select
      count(*) filter (where pending)::int as pending,
      count(*) filter (where pending and last_error is not null)::int as retrying,
      count(*) filter (where failed_at is not null and not pending)::int as failed,
      (select count(*)::int from job_runs where status = 'running'
        and step in ('award-lookups', 'award-dead-letters')
        and started_at > now() - interval '15 minutes') as consuming
    from (
      select *, ${PENDING} as pending from award_lookups
    ) l`);
  return result.rows[0] ?? { pending: 0, retrying: 0, failed: 0, consuming: 0 };
}
