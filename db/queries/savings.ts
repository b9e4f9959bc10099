import { sql } from "drizzle-orm";
import { ALLOWED_STATUSES_V3, CHECKED_STATUSES_V3 } from "../../worker/savings/assess-v3.ts";
import type { Totals } from "../../worker/savings/totals.ts";
import type { Db } from "../client.ts";
import { commissionNamed } from "./commissions.ts";

/**
 * Rollups of claimed against verified, over live claims (not removed from the source, not
 * retracted) under one methodology version. A claim's verified amounts count only up to what it
 * claims, and a duplicate counts once (under its earliest claim), so no total double-counts.
 */
export type SavingsFilters = {
  commission?: string | undefined;
  agency?: string | undefined;
  kind?: string | undefined;
  /** The claim's state (proposal_places); claims of unknown place are in no state. */
  state?: string | undefined;
};

const live = (f: SavingsFilters) => sql`
  p.removed_from_source_at is null and p.retracted_at is null
  ${f.commission ? sql`and ${commissionNamed(f.commission, "c")}` : sql``}
  ${f.agency ? sql`and p.agency_code = ${f.agency}` : sql``}
  ${f.kind ? sql`and p.kind = ${f.kind}` : sql``}
  ${f.state ? sql`and exists (select 1 from proposal_places f where f.proposal_id = p.id and f.state = ${f.state})` : sql``}`;

/**
 * One claim's verified amount under a bound: max(0, min(claimed, bound)), a NULL bound or claim
 * counting 0. Postgres' least() and greatest() skip NULLs, so both are coalesced first: a claim
 * with no bound (unverifiable, not found, not assessed) must add 0, never its whole claim.
 * worker/savings/totals.ts states the same rule in TypeScript; a property test holds them equal.
 */
const countedUpTo = (bound: "verified_low" | "verified_high") =>
  sql.raw(`greatest(0, least(coalesce(p.claimed_savings, 0), coalesce(s.${bound}, 0)))`);

const statusIn = (statuses: readonly string[]) =>
  sql`s.status::text in (${sql.join(
    statuses.map((status) => sql`${status}`),
    sql`, `,
  )})`;

/** The claim was compared with an award record (the checkable part of a total). */
const checked = statusIn(CHECKED_STATUSES_V3);

/** Checked, and the record does not contradict it: its high bound is not ruled out. */
const allowed = statusIn(ALLOWED_STATUSES_V3);

/** The record contradicts the claim (version 3 counts it in neither headline figure). */
const contradicted = sql`s.status = 'exceeds_record'`;

/** A duplicate is counted under the claim it duplicates; an unassessed claim is not one. */
const counted = sql`s.status is distinct from 'duplicate'`;

const measures = sql`
  count(p.id)::int as claims,
  coalesce(sum(p.receipt_count), 0)::int as receipts,
  coalesce(sum(p.claimed_savings), 0)::text as claimed_as_published,
  coalesce(sum(p.claimed_savings) filter (where ${counted}), 0)::text as claimed,
  coalesce(sum(p.claimed_savings) filter (where ${checked}), 0)::text as claimed_checkable,
  coalesce(sum(p.claimed_savings) filter (where s.status = 'unverifiable'), 0)::text
    as claimed_unverifiable,
  coalesce(sum(${countedUpTo("verified_low")}) filter (where ${counted}), 0)::text as verified_low,
  coalesce(sum(${countedUpTo("verified_high")}) filter (where ${counted}), 0)::text as verified_high,
  coalesce(sum(${countedUpTo("verified_low")}) filter (where ${allowed}), 0)::text as taken_back,
  coalesce(sum(${countedUpTo("verified_high")}) filter (where ${allowed}), 0)::text
    as not_ruled_out,
  coalesce(sum(${countedUpTo("verified_high")}) filter (
    where ${allowed} and s.evidence->>'outlays_known' = 'false'), 0)::text
    as not_ruled_out_payments_unknown,
  count(p.id) filter (where ${contradicted})::int as contradicted,
  coalesce(sum(p.claimed_savings) filter (where ${contradicted}), 0)::text as claimed_contradicted,
  coalesce(sum(${countedUpTo("verified_high")}) filter (where ${contradicted}), 0)::text
    as contradicted_record_allows,
  coalesce(sum(p.claimed_savings) filter (where s.status = 'not_yet_checked'), 0)::text
    as claimed_not_yet_checked,
  count(p.id) filter (where ${counted} and s.record_predates_claim)::int
    as record_predates_claim,
  coalesce(sum(p.claimed_savings) filter (where ${counted} and s.record_predates_claim), 0)::text
    as claimed_record_predates_claim,
  coalesce(sum(s.potential_avoided) filter (where ${counted}), 0)::text as potential_avoided,
  coalesce(sum(s.ceiling_cut) filter (where ${counted}), 0)::text as ceiling_cut,
  count(p.id) filter (where s.id is null)::int as not_assessed,
  coalesce(sum(p.claimed_savings) filter (where s.id is null), 0)::text as claimed_not_assessed`;

/** The pure rule's totals (worker/savings/totals.ts), and the receipts behind the claims. */
export type Measures = Totals & { receipts: number };

export async function summaryByCommission(db: Db, version: string, filters: SavingsFilters) {
  const totals = await db.execute<Measures & { commission: string }>(sql`
    select c.slug as commission, ${measures}
    from proposals p join commissions c on c.id = p.commission_id
    left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    where ${live(filters)}
    group by c.slug order by c.slug`);
  const byStatus = await db.execute<{
    commission: string;
    status: string;
    claims: number;
    claimed: string;
  }>(sql`
    select c.slug as commission, coalesce(s.status::text, 'not_assessed') as status,
      count(p.id)::int as claims, coalesce(sum(p.claimed_savings), 0)::text as claimed
    from proposals p join commissions c on c.id = p.commission_id
    left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    where ${live(filters)}
    group by 1, 2 order by 1, 2`);
  return { totals: totals.rows, byStatus: byStatus.rows };
}

export async function summaryByAgency(db: Db, version: string, filters: SavingsFilters) {
  const result = await db.execute<
    Measures & {
      agency_code: string | null;
      agency_name: string | null;
      outlays_record_date: string | null;
      outlays_fytd: string | null;
      outlays_prior_fytd: string | null;
    }
  >(sql`
    with claims as (
      select p.agency_code, coalesce(g.name, p.agency_name) as agency_name, ${measures}
      from proposals p join commissions c on c.id = p.commission_id
      left join agencies g on g.code = p.agency_code
      left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
      where ${live(filters)}
      group by 1, 2
    ),
    latest as (
      select distinct on (agency_code) agency_code, record_date::text as record_date,
        current_fytd_net_outlays::text as fytd, prior_fytd_net_outlays::text as prior_fytd
      from agency_outlays where agency_code is not null
      order by agency_code, record_date desc, line_code
    )
    select claims.*, l.record_date as outlays_record_date, l.fytd as outlays_fytd,
      l.prior_fytd as outlays_prior_fytd
    from claims left join latest l on l.agency_code = claims.agency_code
    order by claims.claimed::numeric desc, claims.agency_name`);
  return result.rows;
}

/** The claim is placed by its recipient's address, not by where the money was to be spent. */
const byAddress = sql`pl.place_source = 'recipient_location'`;

/**
 * Claims by the state of their place (proposal_places), under the same rules as the agency
 * rollup, with how much of each state rests on recipients' addresses rather than places of
 * performance. Claims whose place no record gives are one row with a null state, never dropped: the
 * rows add up to the summary.
 */
export async function summaryByState(db: Db, version: string, filters: SavingsFilters) {
  const result = await db.execute<
    Measures & {
      state: string | null;
      districts: number;
      claims_by_address: number;
      claimed_by_address: string;
    }
  >(sql`
    select pl.state, count(distinct pl.district)::int as districts, ${measures},
      count(p.id) filter (where ${byAddress})::int as claims_by_address,
      coalesce(sum(p.claimed_savings) filter (where ${counted} and ${byAddress}), 0)::text
        as claimed_by_address
    from proposals p join commissions c on c.id = p.commission_id
    left join proposal_places pl on pl.proposal_id = p.id
    left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    where ${live(filters)}
    group by pl.state
    order by (pl.state is null), coalesce(sum(p.claimed_savings) filter (where ${counted}), 0) desc,
      pl.state`);
  return result.rows;
}

/**
 * Claims by the month of their claim date. A pool of unidentified receipts has no date of its
 * own: its receipts are spread over the months of theirs (receipt_dates), each month holding
 * the pool's receipts and claim of that month (a pool counts as a claim in each month it has
 * receipts in). Undated receipts, like undated claims, fall under no month (null).
 */
export async function summaryByMonth(db: Db, version: string, filters: SavingsFilters) {
  const result = await db.execute<Measures & { month: string | null }>(sql`
    with p as (
      select p.id, p.commission_id, p.agency_code, p.kind, p.removed_from_source_at,
        p.retracted_at, to_char(date_trunc('month', p.claim_date), 'YYYY-MM') as month,
        p.claimed_savings, p.receipt_count
      from proposals p where p.receipt_dates is null
      union all
      select p.id, p.commission_id, p.agency_code, p.kind, p.removed_from_source_at,
        p.retracted_at, case when d.key ~ '^[0-9]{4}-[0-9]{2}' then left(d.key, 7) end as month,
        sum((d.value->>'savings')::numeric), sum((d.value->>'receipts')::int)::int
      from proposals p cross join lateral jsonb_each(p.receipt_dates) d
      group by 1, 2, 3, 4, 5, 6, 7
    )
    select p.month, ${measures}
    from p join commissions c on c.id = p.commission_id
    left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    where ${live(filters)}
    group by 1 order by 1 nulls last`);
  return result.rows;
}

/** When each kind of data was last brought up to date (for "as of" lines on dashboards). */
export async function freshness(db: Db, version: string) {
  const result = await db.execute<{ step: string; finished_at: string | null }>(sql`
    select step, max(finished_at)::text as finished_at from job_runs
    where status = 'succeeded' group by step
    union all
    select 'assessments', max(computed_at)::text from assessments where methodology_version = ${version}`);
  return Object.fromEntries(result.rows.map((r) => [r.step, r.finished_at]));
}

export type OverstatedRow = {
  id: number;
  title: string;
  agency_code: string | null;
  agency_name: string | null;
  status: string;
  claimed: string;
  verified_low: string;
  verified_high: string;
  gap: string;
};

/**
 * The claims checked against an award record whose claimed saving most exceeds what the record
 * allows (claimed − verified high), largest first. Only claims with a record: a claim that
 * cannot be checked is not shown as exceeding anything, and duplicates count elsewhere.
 */
export async function largestOverstated(
  db: Db,
  version: string,
  filters: SavingsFilters,
  limit: number,
) {
  const gap = sql`p.claimed_savings - ${countedUpTo("verified_high")}`;
  const result = await db.execute<OverstatedRow>(sql`
    select p.id::int as id, p.title, p.agency_code, coalesce(g.name, p.agency_name) as agency_name,
      s.status::text as status, p.claimed_savings::text as claimed,
      ${countedUpTo("verified_low")}::text as verified_low,
      ${countedUpTo("verified_high")}::text as verified_high,
      (${gap})::text as gap
    from proposals p join commissions c on c.id = p.commission_id
    join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    left join agencies g on g.code = p.agency_code
    where ${live(filters)} and ${checked} and ${gap} > 0
    order by ${gap} desc, p.id
    limit ${limit}`);
  return result.rows;
}
