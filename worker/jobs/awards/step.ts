import type { Db } from "../../../db/client.ts";
import { type AwardValues, awardsToFetch, saveAward } from "../../../db/queries/awards.ts";
import type { StepContext, StepResult } from "../run-step.ts";
import { BudgetExhausted } from "../sources/http.ts";
import {
  fetchAward,
  fetchTransactions,
  type UsaspendingAward,
  type UsaspendingTransaction,
} from "../sources/usaspending.ts";

/** An award fetched more than this long ago is fetched again. */
const STALE_DAYS = 7;
/** Requests per award: its record and (one page of) its transactions. */
const REQUESTS_PER_AWARD = 2;

/**
 * Fetch the USAspending award (and its transactions) behind each proposal, never-fetched ones
 * first, as many as the run's budget allows. Each award is stored in its own transaction; a
 * failure stops the run and leaves every award as it was or wholly updated.
 */
export async function awardsStep(db: Db, { config, policy }: StepContext): Promise<StepResult> {
  const counts: StepResult = { fetched: 0, inserted: 0, changed: 0, removed: 0, complete: true };
  const room = Math.floor(policy.budget.left / REQUESTS_PER_AWARD);
  const ids = await awardsToFetch(db, room + 1, STALE_DAYS);
  if (ids.length > room) counts.complete = false;
  for (const awardId of ids.slice(0, room)) {
    let award: UsaspendingAward | null;
    let transactions: UsaspendingTransaction[];
    try {
      award = await fetchAward(config.USASPENDING_API_URL, awardId, policy);
      transactions = award
        ? await fetchTransactions(config.USASPENDING_API_URL, awardId, policy)
        : [];
    } catch (err) {
      if (!(err instanceof BudgetExhausted)) throw err;
      counts.complete = false;
      break;
    }
    const saved = await saveAward(
      db,
      awardValues(awardId, award),
      transactions.map(transactionValues),
    );
    counts.fetched += 1;
    if (saved.inserted) counts.inserted += 1;
    else counts.changed += 1;
  }
  return counts;
}

function awardValues(awardId: string, a: UsaspendingAward | null): AwardValues {
  if (!a) return { awardId, status: "not_found", raw: null };
  return {
    awardId,
    status: "found",
    category: a.category,
    piid: a.piid,
    fain: a.fain,
    parentPiid: a.parent_award?.piid ?? null,
    awardingAgencyCode: a.awarding_agency?.toptier_agency?.code ?? null,
    recipient: a.recipient?.recipient_name ?? null,
    totalObligation: a.total_obligation,
    baseExercisedOptions: a.base_exercised_options,
    baseAndAllOptions: a.base_and_all_options,
    totalOutlay: a.total_outlay,
    periodStart: a.period_of_performance?.start_date?.slice(0, 10) ?? null,
    periodEnd: a.period_of_performance?.end_date?.slice(0, 10) ?? null,
    raw: a,
  };
}

function transactionValues(t: UsaspendingTransaction) {
  return {
    transactionKey: String(t.id),
    modificationNumber: t.modification_number,
    actionDate: t.action_date?.slice(0, 10) ?? null,
    actionType: t.action_type,
    actionTypeDescription: t.action_type_description,
    federalActionObligation: t.federal_action_obligation,
    description: t.description,
    raw: t,
  };
}
