import { inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { assessments, awardTransactions } from "../schema/index.ts";
import { searchKeyOf } from "./award-search.ts";
import { awardIdOf } from "./awards.ts";
import { inClaimScope } from "./claim-changes.ts";

export type AssessmentInputRow = {
  id: number;
  claimed: string | null;
  claim_date: string | null;
  award_id: string | null;
  award_pk: number | null;
  award_status: string | null;
  total_obligation: string | null;
  total_outlay: string | null;
  base_exercised_options: string | null;
  base_and_all_options: string | null;
  duplicate_of: number | null;
};

/**
 * Claims whose assessment under `version` is missing or older than its inputs (the claim or its
 * award changed since), newest first; claims whose award is still to be fetched wait. `scope`
 * keeps it to those claims (a closed set: relatedClaims), undefined to every claim.
 */
export async function claimsToAssess(db: Db, version: string, limit: number, scope?: number[]) {
  const result = await db.execute<AssessmentInputRow>(sql`
    with claims as (
      select p.id, p.claimed_savings::text as claimed, p.claim_date::text as claim_date,
        p.updated_at, ${awardIdOf("p")} as award_id, p.kind, p.piid, p.contracting_agency_id,
        p.parent_piid, p.parent_agency_id
      from proposals p where p.retracted_at is null and ${inClaimScope("p", scope)}
    ),
    -- Vehicles (IDVs, BPAs) claimed as a whole: a task order under one is already counted.
    vehicles as (
      select piid, contracting_agency_id, min(id) as vehicle_id from claims
      where kind = 'contract' and piid is not null and parent_piid is null
      group by piid, contracting_agency_id
    ),
    -- The earliest claim of each award; later ones are its duplicates.
    firsts as (
      select award_id, min(id) as first_id from claims where award_id is not null group by award_id
    )
    select c.id::int as id, c.claimed, c.claim_date, c.award_id, a.id::int as award_pk,
      coalesce(
        case when f.first_id <> c.id then f.first_id end,
        va.vehicle_id, vp.vehicle_id
      )::int as duplicate_of,
      a.status as award_status, a.total_obligation::text as total_obligation,
      a.total_outlay::text as total_outlay,
      a.base_exercised_options::text as base_exercised_options,
      a.base_and_all_options::text as base_and_all_options
    from claims c
    left join firsts f on f.award_id = c.award_id
    -- The order's vehicle: the parent agency's own, or any agency's (the first) when the order
    -- names no parent agency. Joins, not a subquery per claim: that read every claim per claim.
    left join vehicles va on va.piid = c.parent_piid and va.contracting_agency_id = c.parent_agency_id
    left join (select piid, min(vehicle_id) as vehicle_id from vehicles group by piid) vp
      on vp.piid = c.parent_piid and c.parent_agency_id is null
    left join awards a on a.award_id = c.award_id
    left join assessments s on s.proposal_id = c.id and s.methodology_version = ${version}
    where (c.award_id is null or a.id is not null)
      and (s.id is null or s.computed_at < greatest(c.updated_at, a.fetched_at))
    order by c.id desc
    limit ${limit}`);
  return result.rows;
}

export type AssessmentInputRowV2 = AssessmentInputRow & {
  value: string | null;
  commission_start: string | null;
  /** How the search by PIID ended where the award's own key was unknown (see the awards step). */
  award_search: string | null;
  /** No award key, but a PIID, FAIN or recipient a search can look for (not a pool, not a lease). */
  searchable: boolean;
  /**
   * The claim's award search (db/queries/award-search.ts) where it names no award and the search
   * has run: what was searched and found, and the award id it resolved to (null when none).
   */
  search_record: Record<string, unknown> | null;
  resolved_award_id: string | null;
};

/**
 * Methodology 2's claims to assess: those without an assessment, older than their claim or
 * award, or whose duplicate has changed (a claim that was first may have become a later one).
 * Among live claims that claim a saving, the earliest claim of an award (by claim date, then
 * first seen) counts it and later ones duplicate it. A task order counts under a claimed
 * vehicle only when the vehicle is the ordering agency's own IDV and the vehicle's claim is at
 * least the orders' claims; never under another agency's or a government-wide vehicle.
 * `scope` as for claimsToAssess.
 */
export async function claimsToAssessV2(db: Db, version: string, limit: number, scope?: number[]) {
  const result = await db.execute<AssessmentInputRowV2>(sql`
    with claims as (
      select p.id, p.claimed_savings, p.claimed_value, p.claim_date, p.first_seen_at,
        p.updated_at, ${awardIdOf("p")} as award_id, ${searchKeyOf("p")} as search_key, p.kind,
        p.contracting_agency_id, p.parent_piid, p.parent_agency_id,
        (p.removed_from_source_at is null and p.claimed_savings > 0) as counts,
        (p.kind in ('contract', 'grant') and p.natural_key !~ '^[a-z]+:pool:'
          and coalesce(p.piid, p.fain, p.recipient) is not null) as searchable,
        c.established_on::text as commission_start
      from proposals p join commissions c on c.id = p.commission_id
      where p.retracted_at is null and ${inClaimScope("p", scope)}
    ),
    firsts as (
      select id, award_id, first_value(id) over (
        partition by award_id order by claim_date asc nulls last, first_seen_at, id
      ) as first_id
      from claims where counts and award_id is not null
    ),
    -- Task orders of the ordering agency's own claimed vehicle (its first claim), each order
    -- award once.
    orders as (
      select o.id, v.first_id as vehicle_id, o.claimed_savings
      from claims o
      join firsts f on f.id = o.id and f.first_id = o.id
      join (select distinct award_id, first_id from firsts) v on v.award_id =
        'CONT_AWD_' || o.parent_piid || '_' || o.parent_agency_id || '_-NONE-_-NONE-'
      where o.kind = 'contract' and o.parent_piid is not null
        and o.parent_agency_id = o.contracting_agency_id
    ),
    covered as (
      select o.vehicle_id from orders o join claims v on v.id = o.vehicle_id
      group by o.vehicle_id, v.claimed_savings having sum(o.claimed_savings) <= v.claimed_savings
    ),
    judged as (
      select c.*, coalesce(
        case when f.first_id <> c.id then f.first_id end, o.vehicle_id
      ) as duplicate_of
      from claims c left join firsts f on f.id = c.id
      -- An order is one award's first claim: at most one row. A join, not a subquery per claim.
      left join (select o.id, o.vehicle_id from orders o join covered v on v.vehicle_id = o.vehicle_id)
        o on o.id = c.id
    )
    select j.id::int as id, j.claimed_savings::text as claimed, j.claimed_value::text as value,
      j.claim_date::text as claim_date, j.commission_start, j.award_id, a.id::int as award_pk,
      j.duplicate_of::int as duplicate_of, a.status as award_status,
      a.total_obligation::text as total_obligation, a.total_outlay::text as total_outlay,
      a.base_exercised_options::text as base_exercised_options,
      a.base_and_all_options::text as base_and_all_options,
      a.raw->'award_search'->>'outcome' as award_search, j.searchable,
      case when j.award_id is null then a.raw->'award_search' end as search_record,
      case when j.award_id is null then a.raw->>'resolved_award_id' end as resolved_award_id
    from judged j
    -- A claim naming no award reads its award search's record, stored under the search's key.
    left join awards a on a.award_id = coalesce(j.award_id, j.search_key)
    left join assessments s on s.proposal_id = j.id and s.methodology_version = ${version}
    where (j.award_id is null or a.id is not null or j.duplicate_of is not null
        or coalesce(j.claimed_savings, 0) <= 0)
      and (s.id is null or s.computed_at < greatest(j.updated_at, a.fetched_at)
        or s.duplicate_of is distinct from j.duplicate_of)
    order by j.id desc
    limit ${limit}`);
  return result.rows;
}

export async function transactionsOf(db: Db, awardPks: number[]) {
  if (!awardPks.length) return [];
  return db
    .select({
      awardPk: awardTransactions.awardPk,
      key: awardTransactions.transactionKey,
      actionDate: awardTransactions.actionDate,
      obligation: awardTransactions.federalActionObligation,
      ceilingChange: awardTransactions.ceilingChange,
    })
    .from(awardTransactions)
    .where(inArray(awardTransactions.awardPk, awardPks));
}

export type AssessmentValues = Omit<typeof assessments.$inferInsert, "id" | "computedAt">;

/** Write a batch of assessments, replacing the same claim's under the same version. */
export async function saveAssessments(db: Db, rows: AssessmentValues[]) {
  if (!rows.length) return;
  await db
    .insert(assessments)
    .values(rows)
    .onConflictDoUpdate({
      target: [assessments.proposalId, assessments.methodologyVersion],
      set: {
        claimed: sql`excluded.claimed`,
        verifiedLow: sql`excluded.verified_low`,
        verifiedHigh: sql`excluded.verified_high`,
        potentialAvoided: sql`excluded.potential_avoided`,
        ceilingCut: sql`excluded.ceiling_cut`,
        status: sql`excluded.status`,
        duplicateOf: sql`excluded.duplicate_of`,
        evidence: sql`excluded.evidence`,
        recordDate: sql`excluded.record_date`,
        recordPredatesClaim: sql`excluded.record_predates_claim`,
        computedAt: sql`now()`,
      },
    });
}

/** Whether any claim was assessed under `version` in the last `seconds`. */
export async function assessedWithin(db: Db, version: string, seconds: number) {
  const result = await db.execute<{ recent: boolean }>(sql`
    select exists (select 1 from assessments where methodology_version = ${version}
      and computed_at > now() - make_interval(secs => ${seconds})) as recent`);
  return result.rows[0]?.recent ?? false;
}

export type EvidenceRow = {
  award_id: string | null;
  award_status: string | null;
  category: string | null;
  recipient: string | null;
  total_obligation: string | null;
  total_outlay: string | null;
  base_exercised_options: string | null;
  base_and_all_options: string | null;
  period_start: string | null;
  period_end: string | null;
  fetched_at: string | null;
  /** Where the record comes from when it is not USAspending's live answer (an archive). */
  record_source: string | null;
  evidence: Record<string, unknown> | null;
  /** The award's last lookup failed: its error, attempts, when, and when it is tried again. */
  lookup_error: string | null;
  lookup_attempts: number | null;
  lookup_failed_at: string | null;
  lookup_retry_at: string | null;
  /** False while the queue still retries it; true once the job gave up on it for now. */
  lookup_gave_up: boolean | null;
};

/**
 * What a claim's assessment rests on: the USAspending award it names (when fetched) and the
 * evidence the assessment recorded (deobligations counted, outlays known or not).
 */
export async function proposalEvidence(
  db: Db,
  proposalId: number,
  version: string,
): Promise<EvidenceRow | undefined> {
  const result = await db.execute<EvidenceRow>(sql`
    select coalesce(${awardIdOf("p")}, a.raw->>'resolved_award_id') as award_id,
      a.status as award_status, a.category, a.recipient,
      a.total_obligation::text as total_obligation, a.total_outlay::text as total_outlay,
      a.base_exercised_options::text as base_exercised_options,
      a.base_and_all_options::text as base_and_all_options,
      a.period_start::text as period_start, a.period_end::text as period_end,
      a.fetched_at::text as fetched_at, a.raw->'archived'->>'source' as record_source, s.evidence,
      l.last_error as lookup_error, l.attempts as lookup_attempts,
      coalesce(l.failed_at, l.last_attempt_at)::text as lookup_failed_at,
      l.retry_at::text as lookup_retry_at, l.failed_at is not null as lookup_gave_up
    from proposals p
    -- A claim naming no award: its award search's record (the award it found, or not_found).
    left join awards a on a.award_id = coalesce(${awardIdOf("p")}, ${searchKeyOf("p")})
    left join award_lookups l on l.award_id = coalesce(${awardIdOf("p")}, ${searchKeyOf("p")})
      and l.last_error is not null
    left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    where p.id = ${proposalId}`);
  return result.rows[0];
}
