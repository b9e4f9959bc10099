import type { Db } from "../../db/client.ts";
import {
  claimsWithTerminations,
  type NewOutcomeEvent,
  outcomeTransactionsOf,
  recordOutcomeEvents,
} from "../../db/queries/outcomes.ts";
import { outcomesFromTransactions } from "../savings/outcomes.ts";

const BATCH = 500;

/**
 * The outcomes the award records show (worker/savings/outcomes.ts): for each claim whose award
 * holds a termination, its termination and what followed, one event per transaction, recorded by
 * the job. Only awards the look-up found are read, so a failed look-up records nothing; an event
 * already recorded is not written again. Returns the events written.
 */
export async function refreshOutcomes(db: Db): Promise<number> {
  const claims = await claimsWithTerminations(db);
  let written = 0;
  for (let i = 0; i < claims.length; i += BATCH) {
    const batch = claims.slice(i, i + BATCH);
    const txs = await outcomeTransactionsOf(
      db,
      batch.map((c) => c.award_pk),
    );
    const events = batch.flatMap((c) =>
      outcomesFromTransactions(
        txs.filter((t) => t.awardPk === c.award_pk),
        c.since,
      ).map(
        (o): NewOutcomeEvent => ({
          proposalId: c.proposal_id,
          kind: o.kind,
          occurredOn: o.occurredOn,
          asOf: c.as_of,
          evidence: "transaction",
          recordedBy: "job",
          actor: "job:outcomes",
          sourceName: "USAspending award transactions",
          sourceUrl: `https://www.usaspending.gov/award/${c.award_id}/`,
          modificationNumber: o.transaction.modificationNumber,
          actionType: o.transaction.actionType,
          actionTypeDescription: o.transaction.actionTypeDescription,
          obligation: o.transaction.obligation,
          docket: null,
          amountTrend: o.amountTrend,
          endDateTrend: null,
          statedDivergence: null,
          detail: null,
          evidenceKey: `tx:${c.award_id}:${o.transaction.transactionKey}:${o.kind}`,
        }),
      ),
    );
    written += (await recordOutcomeEvents(db, events)).length;
  }
  return written;
}
