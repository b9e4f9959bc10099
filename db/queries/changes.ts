import { sql } from "drizzle-orm";
import type { ChangeKind } from "../../worker/lib/change-text.ts";
import type { Db } from "../client.ts";
import { commissionNamed } from "./commissions.ts";

export type ChangeRow = {
  proposal_id: number;
  version: number;
  /** When the source showed the change, or the editor saved it (the version's observed_at). */
  changed_at: string;
  /** When cutwatch wrote it. */
  recorded_at: string;
  actor: string;
  reason: string | null;
  changed_fields: Record<string, { old: unknown; new: unknown }>;
  title: string;
  commission: string;
  agency_code: string | null;
  agency_name: string | null;
  claimed_savings: string | null;
  kind: string;
  /** What the version tells (worker/lib/change-text.ts CHANGE_KINDS). */
  change: ChangeKind;
};

export type ChangeFilters = {
  commission?: string | undefined;
  agency?: string | undefined;
  change?: ChangeKind | undefined;
};

/**
 * The kind of change a version row `v` tells (CHANGE_KINDS): this project's own actors first,
 * then the events, then an edit unless every changed field was unknown before (first reported).
 */
export const changeKindSql = sql`case
  when v.version = 1 or v.changed_fields = '{}'::jsonb then 'new'
  when v.changed_fields ? 'retractedAt' then 'retracted'
  when v.actor like 'job:%' then 'matched'
  when v.actor not like 'source:%' then 'corrected'
  when v.changed_fields ? 'removedFromSourceAt' and not v.changed_fields ? 'receiptCount'
    then case when v.changed_fields->'removedFromSourceAt'->>'new' is null then 'back'
      else 'removed' end
  when v.reason like 'identifiers changed at source%' then 'identifiers_changed'
  when not exists (select 1 from jsonb_each(v.changed_fields) e
    where jsonb_typeof(e.value->'old') is distinct from 'null' and e.value ? 'old')
    then 'first_reported'
  else 'edited' end`;
/** A position in the feed: the change's time (Postgres text, exact) and its proposal/version. */
export type ChangePosition = { at: string; proposalId: number; version: number };

/**
 * Changes across proposals, newest first: each history version with what it changed, and the
 * proposal it belongs to. One statement a page; keyset on (observed time, proposal, version):
 * a change is dated when the source showed it, not when it was written here.
 */
export async function listChanges(
  db: Db,
  opts: { filters: ChangeFilters; after?: ChangePosition | undefined; limit: number },
): Promise<ChangeRow[]> {
  const { filters: f, after } = opts;
  const result = await db.execute<ChangeRow>(sql`
    select v.proposal_id::int as proposal_id, v.version, v.observed_at::text as changed_at,
      v.created_at::text as recorded_at,
      v.actor, v.reason, v.changed_fields, p.title, c.slug as commission, p.agency_code,
      p.agency_name, p.claimed_savings::text as claimed_savings, p.kind::text as kind,
      ${changeKindSql} as change
    from proposal_versions v
    join proposals p on p.id = v.proposal_id
    join commissions c on c.id = p.commission_id
    where true
      ${f.commission ? sql`and ${commissionNamed(f.commission, "c")}` : sql``}
      ${f.agency ? sql`and p.agency_code = ${f.agency}` : sql``}
      ${f.change ? sql`and ${changeKindSql} = ${f.change}` : sql``}
      ${after ? sql`and (v.observed_at, v.proposal_id, v.version) < (${after.at}::timestamptz, ${after.proposalId}, ${after.version})` : sql``}
    order by v.observed_at desc, v.proposal_id desc, v.version desc
    limit ${opts.limit}`);
  return result.rows;
}

/** An outcome event as the change log tells it (`/v1/changes?change=outcome`). */
export type OutcomeChange = {
  event_id: number;
  kind: string;
  occurred_on: string | null;
  as_of: string;
  evidence: string;
  recorded_by: string;
  source_name: string;
  source_url: string;
  modification_number: string | null;
  action_type: string | null;
  docket: string | null;
  detail: string | null;
  retracted_at: string | null;
  retraction_reason: string | null;
};

/**
 * An outcome event recorded or retracted, in the change list's shape: no version of the claim
 * (`version` null), its event in `outcome`. `seq` orders it among changes of the same claim at
 * the same time: 2 × event id, + 1 for the retraction.
 */
export type OutcomeChangeRow = Omit<ChangeRow, "version" | "change"> & {
  version: null;
  change: "outcome" | "outcome_retracted";
  outcome: OutcomeChange;
  seq: number;
};

/** A position among versions and outcome events: a version's has seq 0, an event's version 0. */
export type OutcomeChangePosition = ChangePosition & { seq: number };

/**
 * The outcome events' two changes, recorded (at created_at) and retracted (at retracted_at), as
 * rows of the change list: `at` is the change's time, `written_at` the same (a recording or a
 * retraction is written when it happens).
 */
export const outcomeChangesSql = sql`(
  select e.*, e.created_at as at, 'outcome' as change, e.id * 2 as seq, e.actor as who
  from outcome_events e
  union all
  select e.*, e.retracted_at as at, 'outcome_retracted' as change, e.id * 2 + 1 as seq,
    -- Only an editor retracts (DELETE /v1/proposals/{id}/outcomes/{eventId}).
    'editor' as who
  from outcome_events e where e.retracted_at is not null
)`;

/** The change list's columns of an outcome change `o`, its claim `p` and commission `c`. */
export const outcomeChangeColumns = sql`o.proposal_id::int as proposal_id, null::int as version,
  o.at::text as changed_at, o.at::text as recorded_at, o.who as actor,
  case when o.change = 'outcome_retracted' then o.retraction_reason end as reason,
  '{}'::jsonb as changed_fields, p.title, c.slug as commission, p.agency_code, p.agency_name,
  p.claimed_savings::text as claimed_savings, p.kind::text as kind, o.change, o.seq::int as seq,
  jsonb_build_object('event_id', o.id, 'kind', o.kind, 'occurred_on', o.occurred_on,
    'as_of', o.as_of, 'evidence', o.evidence, 'recorded_by', o.recorded_by,
    'source_name', o.source_name, 'source_url', o.source_url,
    'modification_number', o.modification_number, 'action_type', o.action_type,
    'docket', o.docket, 'detail', o.detail, 'retracted_at', o.retracted_at,
    'retraction_reason', o.retraction_reason) as outcome`;

/**
 * Outcome events recorded or retracted, newest first, with the change list's filters; keyset on
 * (time, proposal, version, seq), the row's version being 0, so it pages together with
 * listChanges (a version's position has seq 0 and sorts before the claim's events of its time).
 */
export async function listOutcomeChanges(
  db: Db,
  opts: {
    filters: ChangeFilters;
    after?: OutcomeChangePosition | undefined;
    limit: number;
  },
): Promise<OutcomeChangeRow[]> {
  const { filters: f, after } = opts;
  const result = await db.execute<OutcomeChangeRow>(sql`
    select ${outcomeChangeColumns}
    from ${outcomeChangesSql} o
    join proposals p on p.id = o.proposal_id
    join commissions c on c.id = p.commission_id
    where true
      ${f.commission ? sql`and ${commissionNamed(f.commission, "c")}` : sql``}
      ${f.agency ? sql`and p.agency_code = ${f.agency}` : sql``}
      ${f.change ? sql`and o.change = ${f.change}` : sql``}
      ${after ? sql`and (o.at, o.proposal_id, 0, o.seq) < (${after.at}::timestamptz, ${after.proposalId}, ${after.version}, ${after.seq})` : sql``}
    order by o.at desc, o.proposal_id desc, o.seq desc
    limit ${opts.limit}`);
  return result.rows;
}
