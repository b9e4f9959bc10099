import Big from "big.js";
import type { Db } from "../../db/client.ts";
import {
  listOutcomeEvents,
  type OutcomeEventRow,
  type OutcomeTotalsRow,
  outcomeTotals,
} from "../../db/queries/outcomes.ts";
import type { ProposalRow } from "../../db/queries/proposals.ts";
import { type ApiRecord, toApi } from "../lib/serialize.ts";
import { currentOutcome } from "../savings/outcomes.ts";

/**
 * The outcome read model: a claim's outcome events with the current one marked, and the outcome
 * totals per commission and agency.
 */

export type OutcomeEventRecord = ApiRecord<OutcomeEventRow> & { current: boolean };

export type ProposalOutcomes = {
  proposal_id: number;
  outcome: ProposalRow["outcome"];
  outcome_on: string | null;
  divergence: ProposalRow["divergence"];
  events: OutcomeEventRecord[];
};

/** A claim's events and its current outcome (the claim's row carries the derived fields). */
export async function proposalOutcomes(db: Db, claim: ProposalRow): Promise<ProposalOutcomes> {
  const events = await listOutcomeEvents(db, claim.id);
  const current = currentOutcome(events.map((e) => ({ ...e, retracted: e.retractedAt !== null })));
  return {
    proposal_id: claim.id,
    outcome: claim.outcome,
    outcome_on: claim.outcomeOn,
    divergence: claim.divergence,
    events: events.map((e) => outcomeEventRecord(e, e.id === current?.id)),
  };
}

export function outcomeEventRecord(row: OutcomeEventRow, current: boolean): OutcomeEventRecord {
  return { ...toApi(row), current };
}

export type OutcomeTotalsRecord = OutcomeTotalsRow & {
  share_checked: string | null;
  share_still_cut: string | null;
  share_not_cut: string | null;
};

/** Shares to four places, of exact decimal sums: never a float. */
function share(part: string, whole: string): string | null {
  return new Big(whole).eq(0) ? null : new Big(part).div(whole).round(4).toFixed(4);
}

function withShares(row: OutcomeTotalsRow): OutcomeTotalsRecord {
  return {
    ...row,
    share_checked: share(row.checked, row.claimed),
    share_still_cut: share(row.still_cut, row.checked),
    share_not_cut: share(row.not_cut, row.checked),
  };
}

/** Per commission: of its claimed dollars, how much has an outcome, and what became of it. */
export async function outcomesByCommission(
  db: Db,
  filters: { commission?: string | undefined; agency?: string | undefined },
) {
  return (await outcomeTotals(db, { ...filters, byAgency: false })).map(withShares);
}

/** Per agency (only agencies with a claim that has an outcome), largest checked first. */
export async function outcomesByAgency(
  db: Db,
  filters: { commission?: string | undefined; agency?: string | undefined },
) {
  return (await outcomeTotals(db, { ...filters, byAgency: true })).map(withShares);
}

export const OUTCOME_TOTAL_COLUMNS = [
  "commission",
  "agency_code",
  "agency_name",
  "claims",
  "claimed",
  "checked_claims",
  "checked",
  "still_cut",
  "not_cut",
  "other",
  "share_checked",
  "share_still_cut",
  "share_not_cut",
] as const;
