import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { jobCursors, webhookFannedVersions, webhookVerdicts } from "../schema/index.ts";
import {
  type ChangeRow,
  changeKindSql,
  type OutcomeChangeRow,
  outcomeChangeColumns,
  outcomeChangesSql,
} from "./changes.ts";

/** A change the fan-out reads: the change list's row, and when it was written. */
export type FanOutRow = ChangeRow & {
  written_at: string;
  /** The claim's commission, which a subscription's commission filter (any of its slugs) names. */
  commission_id: number;
  /** The claim's state where its place is known (proposal_places), for a state filter. */
  state: string | null;
};

/** Where a fan-out got to within one run: the last version it read. */
export type FanOutPosition = { writtenAt: string; proposalId: number; version: number };

/**
 * Versions written at or after `since` (and past `after`, where this run got to) that the
 * fan-out has not matched yet, in the order they were written, with the change list's columns.
 */
export async function versionsToFanOut(
  db: Db,
  since: string,
  after: FanOutPosition | undefined,
  limit: number,
) {
  const result = await db.execute<FanOutRow>(sql`
    select v.proposal_id::int as proposal_id, v.version, v.observed_at::text as changed_at,
      v.created_at::text as recorded_at, v.created_at::text as written_at,
      v.actor, v.reason, v.changed_fields, p.title, c.slug as commission, p.agency_code,
      p.agency_name, p.claimed_savings::text as claimed_savings, p.kind::text as kind,
      ${changeKindSql} as change, pl.state, p.commission_id::int as commission_id
    from proposal_versions v
    join proposals p on p.id = v.proposal_id
    join commissions c on c.id = p.commission_id
    left join proposal_places pl on pl.proposal_id = p.id
    where v.created_at >= ${since}::timestamptz
      ${
        after
          ? sql`and (v.created_at, v.proposal_id, v.version) >
              (${after.writtenAt}::timestamptz, ${after.proposalId}, ${after.version})`
          : sql``
      }
      and not exists (select 1 from webhook_fanned_versions f
        where f.proposal_id = v.proposal_id and f.version = v.version)
    order by v.created_at, v.proposal_id, v.version
    limit ${limit}`);
  return result.rows;
}

/** An outcome event recorded or retracted, as the fan-out reads it. */
export type OutcomeFanOutRow = OutcomeChangeRow & {
  written_at: string;
  commission_id: number;
  state: string | null;
};

/**
 * Outcome events recorded or retracted at or after `since` (and past `after`), oldest first,
 * with the change list's columns. No marks: a delivery is unique per change and subscription, so
 * rereading the settling window sends nothing twice.
 */
export async function outcomesToFanOut(
  db: Db,
  since: string,
  after: { at: string; seq: number } | undefined,
  limit: number,
) {
  const result = await db.execute<OutcomeFanOutRow>(sql`
    select ${outcomeChangeColumns}, o.at::text as written_at, pl.state,
      p.commission_id::int as commission_id
    from ${outcomeChangesSql} o
    join proposals p on p.id = o.proposal_id
    join commissions c on c.id = p.commission_id
    left join proposal_places pl on pl.proposal_id = p.id
    where o.at >= ${since}::timestamptz
      ${after ? sql`and (o.at, o.seq) > (${after.at}::timestamptz, ${after.seq})` : sql``}
    order by o.at, o.seq
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

/** Forget marks well behind the cursor (`before`): the fan-out never rescans that far back. */
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
  commission_id: number;
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
      u.previous, u.status, u.changes, pl.state, p.commission_id::int as commission_id
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
