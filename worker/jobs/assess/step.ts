import type { Db } from "../../../db/client.ts";
import {
  type AssessmentInputRow,
  type AssessmentValues,
  claimsToAssess,
  claimsToAssessV2,
  saveAssessments,
  transactionsOf,
} from "../../../db/queries/assessments.ts";
import {
  type ClaimChange,
  clearClaimChanges,
  pendingClaimChanges,
  relatedClaims,
} from "../../../db/queries/claim-changes.ts";
import { readCursor, writeCursor } from "../../../db/queries/job-cursors.ts";
import { refreshOutcomes } from "../../domain/outcome-derive.ts";
import { refreshPlaces } from "../../domain/places.ts";
import { assess } from "../../savings/assess.ts";
import { assessV2 } from "../../savings/assess-v2.ts";
import { assessV3 } from "../../savings/assess-v3.ts";
import { noCounts, type StepContext, type StepResult } from "../run-step.ts";

/** Claims assessed per run and version: database work only, bounded so a run stays short. */
const PER_RUN = 5000;
const BATCH = 500;

type Transactions = Awaited<ReturnType<typeof transactionsOf>>;

/** The award record as the pure rules read it, or what stands in for it. */
function recordOf(c: AssessmentInputRow, txs: Transactions) {
  if (c.award_pk === null) return null;
  if (c.award_status === "not_found") return { status: "not_found" as const };
  return {
    status: "found" as const,
    totalObligation: c.total_obligation,
    totalOutlay: c.total_outlay,
    baseExercisedOptions: c.base_exercised_options,
    baseAndAllOptions: c.base_and_all_options,
    transactions: txs.filter((t) => t.awardPk === c.award_pk),
  };
}

type InputV2 = Awaited<ReturnType<typeof claimsToAssessV2>>[number];

/** Version 2's reading of the award: a not-found record keeps how its search ended. */
const awardOfV2 = (c: InputV2, txs: Transactions) =>
  c.award_status === "not_found" && c.award_pk !== null
    ? { status: "not_found" as const, search: c.award_search }
    : recordOf(c, txs);

/**
 * Each computed methodology version: which claims it must (re)assess, and its pure rule.
 * Versions 1 and 2 are kept computed beside version 3, so they can be compared claim by claim.
 */
const VERSIONS = {
  "1": {
    claims: claimsToAssess,
    assess: (c: AssessmentInputRow, txs: Transactions) =>
      assess({
        claimed: c.claimed,
        claimDate: c.claim_date,
        awardId: c.award_id,
        duplicateOf: c.duplicate_of,
        award: recordOf(c, txs),
      }),
  },
  "2": {
    claims: claimsToAssessV2,
    assess: (c: InputV2, txs: Transactions) =>
      assessV2({
        claimed: c.claimed,
        value: c.value,
        commissionStart: c.commission_start,
        awardId: c.award_id,
        duplicateOf: c.duplicate_of,
        award: awardOfV2(c, txs),
      }),
  },
  "3": {
    claims: claimsToAssessV2,
    assess: (c: InputV2, txs: Transactions) =>
      assessV3({
        claimed: c.claimed,
        value: c.value,
        claimDate: c.claim_date,
        searchable: c.searchable,
        searched:
          c.award_id === null && c.award_pk !== null
            ? { record: c.search_record, resolvedAwardId: c.resolved_award_id }
            : null,
        commissionStart: c.commission_start,
        awardId: c.award_id,
        duplicateOf: c.duplicate_of,
        award: awardOfV2(c, txs),
      }),
  },
} as const;

/**
 * Recompute the assessment of every claim whose inputs changed since it was last assessed (or
 * that has none), under each computed methodology version, with the pure rules in
 * worker/savings/. Then each claim's place, derived from the same records (domain/places.ts).
 */
export async function assessStep(db: Db, _ctx: StepContext): Promise<StepResult> {
  return assessClaims(db);
}

/** Where the assess step keeps the versions its last full pass computed. */
const CURSOR = "assess";

/**
 * Which claims a pass runs over. Incremental: the claims changed since the last pass (the
 * changed-claims set the writes fill) and those whose judgement they can move (relatedClaims);
 * their places. Full: every claim, when asked or when the computed versions are not those of
 * the last full pass (a new methodology version has every claim to assess).
 */
type Pass = { changes: ClaimChange[]; scope?: number[]; places?: number[]; full: boolean };

async function planPass(db: Db, full: boolean): Promise<Pass> {
  const changes = await pendingClaimChanges(db);
  const last = (await readCursor(db, CURSOR)) as { versions?: string[] } | undefined;
  if (full || last?.versions?.join() !== Object.keys(VERSIONS).join()) {
    return { changes, full: true };
  }
  const changed = changes.map((c) => c.proposalId);
  return { changes, scope: await relatedClaims(db, changed), places: changed, full: false };
}

/**
 * The step's work, without a run's context: the seed assesses what it loaded with it, and
 * `npm run assess -- --full` runs a full pass. A pass that stops short (PER_RUN) keeps the
 * changes it read for the next one.
 */
export async function assessClaims(db: Db, opts: { full?: boolean } = {}): Promise<StepResult> {
  const pass = await planPass(db, opts.full ?? false);
  const counts = noCounts();
  if (pass.scope?.length === 0) return counts;
  for (const [version, rule] of Object.entries(VERSIONS)) {
    const claims = await rule.claims(db, version, PER_RUN + 1, pass.scope);
    if (claims.length > PER_RUN) counts.complete = false;
    const todo = claims.slice(0, PER_RUN);
    for (let i = 0; i < todo.length; i += BATCH) {
      const batch = todo.slice(i, i + BATCH);
      const pks = batch.flatMap((c) => (c.award_pk === null ? [] : [c.award_pk]));
      const txs = await transactionsOf(db, pks);
      const rows = batch.flatMap((c): AssessmentValues[] => {
        // Each version's rule reads the row its own query returned.
        const result = rule.assess(c as never, txs);
        return result ? [{ proposalId: c.id, methodologyVersion: version, ...result }] : [];
      });
      await saveAssessments(db, rows);
      counts.fetched += batch.length;
      counts.changed += rows.length;
    }
  }
  // Places are derived from the records the assessments read (the list's columns, the award).
  await refreshPlaces(db, pass.places);
  // So are outcomes: what the award's transactions show became of the claim after it.
  await refreshOutcomes(db);
  if (counts.complete) {
    await clearClaimChanges(db, pass.changes);
    if (pass.full) await writeCursor(db, CURSOR, { versions: Object.keys(VERSIONS) });
  }
  return counts;
}
