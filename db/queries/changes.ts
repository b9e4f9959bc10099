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
