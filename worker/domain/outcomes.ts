import Big from "big.js";
import { type Db, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import {
  getOutcomeEvent,
  listOutcomeEvents,
  type OutcomeEventRow,
  type OutcomeTotalsRow,
  outcomeTotals,
  recordOutcomeEvents,
  retractOutcomeEvent,
} from "../../db/queries/outcomes.ts";
import type { ProposalRow } from "../../db/queries/proposals.ts";
import { type ApiRecord, toApi } from "../lib/serialize.ts";
import { currentOutcome, type OutcomeEvidence, type OutcomeKind } from "../savings/outcomes.ts";
import { Refusal } from "./errors.ts";
import { findProposal } from "./proposals.ts";
import type { Who } from "./versioned.ts";

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

export type OutcomeEventInputBody = {
  kind: OutcomeKind;
  occurred_on: string | null;
  evidence: OutcomeEvidence;
  source_name: string;
  source_url: string;
  modification_number?: string | null | undefined;
  action_type?: string | null | undefined;
  docket?: string | null | undefined;
  detail?: string | null | undefined;
  reason?: string | undefined;
};

/**
 * An editor's outcome event: one transaction holding the event, the claim's outcome derived again
 * (an editor's event outranks the machine's) and the audit row. Answers the event.
 */
export function recordEditorOutcome(
  db: Db,
  input: { proposalId: number; body: OutcomeEventInputBody; who: Who },
): Promise<OutcomeEventRecord> {
  const { proposalId, body, who } = input;
  return withTransaction(db, async (tx) => {
    if (!(await findProposal(tx, proposalId)))
      throw new Refusal("not-found", `No proposal with id ${proposalId}.`);
    const [event] = await recordOutcomeEvents(tx, [
      {
        proposalId,
        kind: body.kind,
        occurredOn: body.occurred_on,
        asOf: new Date().toISOString().slice(0, 10),
        evidence: body.evidence,
        recordedBy: "editor",
        actor: who.actor,
        sourceName: body.source_name,
        sourceUrl: body.source_url,
        modificationNumber: body.modification_number ?? null,
        actionType: body.action_type ?? null,
        docket: body.docket ?? null,
        detail: body.detail ?? null,
        evidenceKey: `editor:${crypto.randomUUID()}`,
        requestId: who.requestId,
      },
    ]);
    if (!event) throw new Error("the outcome event was not written");
    await writeAudit(tx, {
      actor: who.actor,
      action: "outcome_event.create",
      resourceType: "proposal",
      resourceId: String(proposalId),
      requestId: who.requestId,
      details: { event_id: event.id, kind: event.kind, reason: body.reason ?? null },
    });
    return outcomeEventRecord(event, false);
  });
}

/** Retract an outcome event (it stays listed with its reason), with its audit row. */
export function retractOutcome(
  db: Db,
  input: { proposalId: number; eventId: number; reason: string; who: Who },
): Promise<OutcomeEventRecord> {
  const { proposalId, eventId, reason, who } = input;
  return withTransaction(db, async (tx) => {
    const event = await getOutcomeEvent(tx, proposalId, eventId);
    if (!event)
      throw new Refusal("not-found", `Proposal ${proposalId} has no outcome event ${eventId}.`);
    const row = await retractOutcomeEvent(tx, event, reason);
    if (!row) throw new Refusal("conflict", `Outcome event ${eventId} is already retracted.`);
    await writeAudit(tx, {
      actor: who.actor,
      action: "outcome_event.retract",
      resourceType: "proposal",
      resourceId: String(proposalId),
      requestId: who.requestId,
      details: { event_id: eventId, reason },
    });
    return outcomeEventRecord(row, false);
  });
}
