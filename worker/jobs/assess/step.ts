import type { Db } from "../../../db/client.ts";
import {
  claimsToAssess,
  saveAssessments,
  transactionsOf,
} from "../../../db/queries/assessments.ts";
import { assess } from "../../savings/assess.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import type { StepContext, StepResult } from "../run-step.ts";

/** Claims assessed per run: database work only, bounded so a run stays short. */
const PER_RUN = 5000;
const BATCH = 500;

/**
 * Recompute the assessment of every claim whose inputs changed since it was last assessed (or
 * that has none under the current methodology), with the pure rule in worker/savings/.
 * Earlier methodology versions' assessments are left as they were.
 */
export async function assessStep(db: Db, _ctx: StepContext): Promise<StepResult> {
  const counts: StepResult = { fetched: 0, inserted: 0, changed: 0, removed: 0, complete: true };
  const claims = await claimsToAssess(db, METHODOLOGY_VERSION, PER_RUN + 1);
  if (claims.length > PER_RUN) counts.complete = false;
  const todo = claims.slice(0, PER_RUN);
  for (let i = 0; i < todo.length; i += BATCH) {
    const batch = todo.slice(i, i + BATCH);
    const pks = batch.flatMap((c) => (c.award_pk === null ? [] : [c.award_pk]));
    const txs = await transactionsOf(db, pks);
    const rows = batch.flatMap((c) => {
      const result = assess({
        claimed: c.claimed,
        claimDate: c.claim_date,
        awardId: c.award_id,
        duplicateOf: c.duplicate_of,
        award:
          c.award_pk === null
            ? null
            : c.award_status === "not_found"
              ? { status: "not_found" }
              : {
                  status: "found",
                  totalObligation: c.total_obligation,
                  totalOutlay: c.total_outlay,
                  baseExercisedOptions: c.base_exercised_options,
                  baseAndAllOptions: c.base_and_all_options,
                  transactions: txs.filter((t) => t.awardPk === c.award_pk),
                },
      });
      if (!result) return [];
      return [{ proposalId: c.id, methodologyVersion: METHODOLOGY_VERSION, ...result }];
    });
    await saveAssessments(db, rows);
    counts.fetched += batch.length;
    counts.changed += rows.length;
  }
  return counts;
}
