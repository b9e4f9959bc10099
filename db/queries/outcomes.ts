import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  currentDivergence,
  currentOutcome,
  NOT_CUT,
  STILL_CUT,
} from "../../worker/savings/outcomes.ts";
import type { Db, Tx } from "../client.ts";
import { awardTransactions, outcomeEvents, proposalOutcomes, proposals } from "../schema/index.ts";
import { awardIdOf } from "./awards.ts";
import { commissionNamed } from "./commissions.ts";

export type OutcomeEventRow = typeof outcomeEvents.$inferSelect;
export type NewOutcomeEvent = typeof outcomeEvents.$inferInsert;

/**
 * Record outcome events, each once: an event whose evidence a claim already has (the same
 * `evidenceKey`) is left as it was. Then the current outcome of every claim that gained one is
 * derived again. Returns the events written.
 */
export async function recordOutcomeEvents(
  tx: Db | Tx,
  events: NewOutcomeEvent[],
): Promise<OutcomeEventRow[]> {
  const written: OutcomeEventRow[] = [];
  for (let i = 0; i < events.length; i += 500) {
    const rows = await tx
      .insert(outcomeEvents)
      .values(events.slice(i, i + 500))
      .onConflictDoNothing({ target: [outcomeEvents.proposalId, outcomeEvents.evidenceKey] })
      .returning();
    written.push(...rows);
  }
  await refreshProposalOutcomes(tx, [...new Set(written.map((e) => e.proposalId))]);
  return written;
}

/**
 * Derive the current outcome and divergence of these claims from their events
 * (worker/savings/outcomes.ts): the row is rewritten, or removed when no event stands.
 */
export async function refreshProposalOutcomes(tx: Db | Tx, proposalIds: number[]) {
  for (let i = 0; i < proposalIds.length; i += 1000) {
    const ids = proposalIds.slice(i, i + 1000);
    const events = await tx
      .select()
      .from(outcomeEvents)
      .where(inArray(outcomeEvents.proposalId, ids));
    const byClaim = new Map<number, OutcomeEventRow[]>(ids.map((id) => [id, []]));
    for (const e of events) byClaim.get(e.proposalId)?.push(e);
    for (const [proposalId, list] of byClaim) {
      const inputs = list.map((e) => ({ ...e, retracted: e.retractedAt !== null }));
      const best = currentOutcome(inputs);
      const divergence = currentDivergence(inputs);
      if (!best && !divergence) {
        await tx.delete(proposalOutcomes).where(eq(proposalOutcomes.proposalId, proposalId));
        continue;
      }
      const values = {
        outcome: best?.kind ?? null,
        outcomeEventId: best?.id ?? null,
        outcomeOn: best ? (best.occurredOn ?? best.asOf) : null,
        divergence,
        derivedAt: sql`now()`,
      };
      await tx
        .insert(proposalOutcomes)
        .values({ proposalId, ...values })
        .onConflictDoUpdate({ target: proposalOutcomes.proposalId, set: values });
    }
  }
}

/** A claim's outcome events, oldest evidence first, retracted ones included. */
export function listOutcomeEvents(db: Db, proposalId: number) {
  return db
    .select()
    .from(outcomeEvents)
    .where(eq(outcomeEvents.proposalId, proposalId))
    .orderBy(
      asc(sql`coalesce(${outcomeEvents.occurredOn}, ${outcomeEvents.asOf})`),
      asc(outcomeEvents.id),
    );
}

/** One event of a claim; undefined when there is none. */
export async function getOutcomeEvent(db: Db | Tx, proposalId: number, eventId: number) {
  const [row] = await db
    .select()
    .from(outcomeEvents)
    .where(and(eq(outcomeEvents.proposalId, proposalId), eq(outcomeEvents.id, eventId)));
  return row;
}

/** Retract an event with its reason (it stays readable) and derive the claim's outcome again. */
export async function retractOutcomeEvent(tx: Tx, event: OutcomeEventRow, reason: string) {
  const [row] = await tx
    .update(outcomeEvents)
    .set({ retractedAt: sql`now()`, retractionReason: reason })
    .where(and(eq(outcomeEvents.id, event.id), isNull(outcomeEvents.retractedAt)))
    .returning();
  await refreshProposalOutcomes(tx, [event.proposalId]);
  return row;
}

export type OutcomeTotalsRow = {
  commission: string;
  agency_code: string | null;
  agency_name: string | null;
  claims: number;
  claimed: string;
  checked_claims: number;
  checked: string;
  still_cut: string;
  not_cut: string;
  other: string;
  by_outcome: Record<string, { claims: number; claimed: string }>;
  by_divergence: Record<string, { claims: number; claimed: string }>;
};

const kindList = (kinds: readonly string[]) =>
  sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );

/**
 * Claimed dollars by current outcome, per commission and (with `byAgency`) per agency: the live
 * claims (still listed, not retracted), those with an outcome on record (`checked`), and of those
 * what still stands cut and what continued or came back. Sums are Postgres numeric.
 */
export async function outcomeTotals(
  db: Db,
  opts: { commission?: string | undefined; agency?: string | undefined; byAgency: boolean },
): Promise<OutcomeTotalsRow[]> {
  const agencyCols = opts.byAgency
    ? sql`g.agency_code, max(a.name) as agency_name`
    : sql`null::text as agency_code, null::text as agency_name`;
  const result = await db.execute<OutcomeTotalsRow>(sql`
    with claims as (
      select c.slug as commission, p.agency_code, p.claimed_savings, o.outcome, o.divergence
      from ${proposals} p
      join commissions c on c.id = p.commission_id
      left join ${proposalOutcomes} o on o.proposal_id = p.id
      where p.removed_from_source_at is null and p.retracted_at is null
        ${opts.commission ? sql`and ${commissionNamed(opts.commission, "c")}` : sql``}
        ${opts.agency ? sql`and p.agency_code = ${opts.agency}` : sql``}
    ),
    grouped as (
      select commission, ${opts.byAgency ? sql`agency_code` : sql`null::text as agency_code`},
        count(*)::int as claims,
        coalesce(sum(claimed_savings), 0) as claimed,
        count(*) filter (where outcome is not null)::int as checked_claims,
        coalesce(sum(claimed_savings) filter (where outcome is not null), 0) as checked,
        coalesce(sum(claimed_savings) filter (where outcome in (${kindList(STILL_CUT)})), 0) as still_cut,
        coalesce(sum(claimed_savings) filter (where outcome in (${kindList(NOT_CUT)})), 0) as not_cut
      from claims group by 1, 2
    ),
    outcomes as (
      select commission, ${opts.byAgency ? sql`agency_code` : sql`null::text`} as agency_code,
        jsonb_object_agg(outcome, jsonb_build_object('claims', n, 'claimed', s::text)) as by_outcome
      from (select commission, agency_code, outcome, count(*)::int as n,
              coalesce(sum(claimed_savings), 0) as s
            from claims where outcome is not null group by 1, 2, 3) x
      group by 1, 2
    ),
    divergences as (
      select commission, ${opts.byAgency ? sql`agency_code` : sql`null::text`} as agency_code,
        jsonb_object_agg(divergence, jsonb_build_object('claims', n, 'claimed', s::text)) as by_divergence
      from (select commission, agency_code, divergence, count(*)::int as n,
              coalesce(sum(claimed_savings), 0) as s
            from claims where divergence is not null group by 1, 2, 3) x
      group by 1, 2
    )
    select g.commission, ${agencyCols}, g.claims, g.claimed::text, g.checked_claims,
      g.checked::text, g.still_cut::text, g.not_cut::text,
      (g.checked - g.still_cut - g.not_cut)::text as other,
      coalesce(max(o.by_outcome::text), '{}')::jsonb as by_outcome,
      coalesce(max(d.by_divergence::text), '{}')::jsonb as by_divergence
    from grouped g
    left join agencies a on a.code = g.agency_code
    left join outcomes o on o.commission = g.commission
      and o.agency_code is not distinct from g.agency_code
    left join divergences d on d.commission = g.commission
      and d.agency_code is not distinct from g.agency_code
    where g.checked_claims > 0 or ${opts.byAgency ? sql`false` : sql`true`}
    group by g.commission, g.agency_code, g.claims, g.claimed, g.checked_claims, g.checked,
      g.still_cut, g.not_cut
    order by g.checked desc, g.commission, g.agency_code`);
  return result.rows;
}

export type TerminatedAwardRow = {
  proposal_id: number;
  since: string;
  award_pk: number;
  award_id: string;
  as_of: string;
};

/**
 * Claims whose award record (a found one: a failed or empty look-up is no evidence) holds a
 * termination action: the only ones whose transactions can show an outcome. `since` is when the
 * claim's commission began (no bound when it has no start date).
 */
export async function claimsWithTerminations(db: Db | Tx): Promise<TerminatedAwardRow[]> {
  const result = await db.execute<TerminatedAwardRow>(sql`
    select p.id::int as proposal_id, coalesce(c.established_on::text, '0001-01-01') as since,
      a.id::int as award_pk, a.award_id, (a.fetched_at at time zone 'UTC')::date::text as as_of
    from proposals p
    join commissions c on c.id = p.commission_id
    join awards a on a.award_id = ${awardIdOf("p")} and a.status = 'found'
    where p.retracted_at is null and exists (
      select 1 from award_transactions t
      where t.award_pk = a.id and upper(t.action_type) in ('E', 'F', 'X'))
    order by p.id`);
  return result.rows;
}

/** The transactions of these awards, as the outcome rule reads them. */
export function outcomeTransactionsOf(db: Db | Tx, awardPks: number[]) {
  if (!awardPks.length) return Promise.resolve([]);
  return db
    .select({
      awardPk: awardTransactions.awardPk,
      transactionKey: awardTransactions.transactionKey,
      modificationNumber: awardTransactions.modificationNumber,
      actionDate: awardTransactions.actionDate,
      actionType: awardTransactions.actionType,
      actionTypeDescription: awardTransactions.actionTypeDescription,
      obligation: awardTransactions.federalActionObligation,
      description: awardTransactions.description,
    })
    .from(awardTransactions)
    .where(inArray(awardTransactions.awardPk, awardPks));
}
