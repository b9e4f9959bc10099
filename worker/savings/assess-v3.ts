import Big from "big.js";
import { type AssessInputV2, type AssessmentV2, assessV2 } from "./assess-v2.ts";

/**
 * Claimed against actual, methodology version 3 (METHODOLOGY.md, "Version 3"): version 2's
 * bounds, read so that what a reader takes away is true of the claim. Pure, decimal only.
 * - A claim equal, to the dollar, to the award's unexercised options (ceiling − exercised, or
 *   ceiling − obligated) is `unexercised_options`: options are not savings, so it counts only
 *   what was taken back (high = low).
 * - A claim above the record's high bound by less than $1 is rounding (the commission writes
 *   whole dollars), never `exceeds_record`.
 * - A claim that names a PIID, FAIN or recipient but no award key is `not_yet_checked` until a
 *   search finds its award: `unverifiable` is kept for receipts that name nothing at all.
 * - Each verdict names the date of the newest record it rests on, and whether that record
 *   predates the claim (a record older than the claim cannot show the claimed cancellation).
 */
export type AssessInputV3 = AssessInputV2 & {
  /** The claim's date: the record's age is judged against it. */
  claimDate: string | null;
  /** The claim names a PIID, FAIN or recipient a search can look for, though no award key. */
  searchable: boolean;
  /**
   * For a claim that names no award, its award search once it has run: the search as recorded
   * (what was searched, what came back) and the award it found, if exactly one. `awardId` is then
   * that award's id, or null; `award` the found record, or not_found.
   */
  searched?: { record: unknown; resolvedAwardId: string | null } | null | undefined;
};

/** Version 2's verdicts and two new ones, in the order METHODOLOGY.md and the pages list them. */
export const STATUSES_V3 = [
  "no_saving_claimed",
  "unverifiable",
  "not_yet_checked",
  "not_found",
  "supported",
  "unconfirmed",
  "unexercised_options",
  "fully_spent",
  "exceeds_record",
  "duplicate",
] as const;
export type StatusV3 = (typeof STATUSES_V3)[number];

/** The verdicts whose claim was compared with an award record: the checked part of a total. */
export const CHECKED_STATUSES_V3: readonly StatusV3[] = [
  "supported",
  "unconfirmed",
  "fully_spent",
  "unexercised_options",
  "exceeds_record",
];

/** The checked verdicts the record does not contradict: their high bound is not ruled out. */
export const ALLOWED_STATUSES_V3: readonly StatusV3[] = CHECKED_STATUSES_V3.filter(
  (s) => s !== "exceeds_record",
);

export type AssessmentV3 = Omit<AssessmentV2, "status"> & {
  status: StatusV3;
  /** The newest action date of the record the verdict rests on; null when none is dated. */
  recordDate: string | null;
  /** The record's newest action is older than the claim (null when either date is unknown). */
  recordPredatesClaim: boolean | null;
};

/** A difference smaller than this is rounding: the commission publishes whole dollars. */
export const ROUNDING = new Big(1);

/** The assessment of one claim, or null while its award has not been fetched yet. */
export function assessV3(input: AssessInputV3): AssessmentV3 | null {
  if (input.searched) {
    // The search decided: its award is the evidence, or the claim is not_found with the search.
    const { record, resolvedAwardId } = input.searched;
    const found = assessRecorded({ ...input, awardId: resolvedAwardId ?? "searched" });
    if (found === null) return null;
    return {
      ...found,
      evidence: { ...found.evidence, award_id: resolvedAwardId, award_search: record },
    };
  }
  return assessRecorded(input);
}

function assessRecorded(input: AssessInputV3): AssessmentV3 | null {
  if (!input.awardId && input.searchable && new Big(input.claimed ?? 0).gt(0)) {
    return {
      status: "not_yet_checked",
      claimed: input.claimed,
      verifiedLow: null,
      verifiedHigh: null,
      potentialAvoided: null,
      ceilingCut: null,
      duplicateOf: null,
      recordDate: null,
      recordPredatesClaim: null,
      evidence: {
        award_id: null,
        value: input.value ?? null,
        reason: "the claim names a PIID, FAIN or recipient that no search has looked up yet",
      },
    };
  }
  const v2 = assessV2(input);
  if (v2 === null) return null;
  if (input.award?.status !== "found" || v2.verifiedLow === null || v2.verifiedHigh === null) {
    return undated(v2);
  }
  const record = input.award;
  const c = new Big(v2.claimed ?? 0);
  const low = new Big(v2.verifiedLow);
  const high = new Big(v2.verifiedHigh);
  const options = optionsEqualTo(c, record.baseAndAllOptions, [
    record.baseExercisedOptions,
    record.totalObligation,
  ]);
  const recordDate = newestActionDate(record.transactions.map((t) => t.actionDate));
  const dated = {
    recordDate,
    recordPredatesClaim:
      recordDate === null || input.claimDate === null ? null : recordDate < input.claimDate,
  };
  const evidence = { ...v2.evidence, record_date: recordDate, ...tolerance(c, high, v2.status) };
  if (v2.status !== "supported" && options !== null) {
    return {
      ...v2,
      ...dated,
      status: "unexercised_options",
      // Options are not savings: only what was taken back counts.
      verifiedHigh: low.toFixed(2),
      evidence: { ...evidence, unexercised_options: options.toFixed(2) },
    };
  }
  const rounding = v2.status === "exceeds_record" && c.minus(high).lt(ROUNDING);
  return { ...v2, ...dated, status: rounding ? "unconfirmed" : v2.status, evidence };
}

const undated = (a: AssessmentV2): AssessmentV3 => ({
  ...a,
  recordDate: null,
  recordPredatesClaim: null,
});

/**
 * The unexercised options (ceiling − each of `taken`) the claim equals to the dollar, or null.
 * Zero options never match: a claim of $0 is no saving, not options.
 */
function optionsEqualTo(c: Big, ceiling: string | null, taken: (string | null)[]): Big | null {
  if (ceiling === null) return null;
  for (const t of taken) {
    if (t === null) continue;
    const options = new Big(ceiling).minus(t);
    if (options.gt(0) && c.minus(options).abs().lt(ROUNDING)) return options;
  }
  return null;
}

/** The excess over the high bound that was forgiven as rounding, where there was one. */
function tolerance(c: Big, high: Big, status: string) {
  const excess = c.minus(high);
  return status === "exceeds_record" && excess.lt(ROUNDING)
    ? { rounding_forgiven: excess.toFixed(2) }
    : {};
}

/** The latest of ISO dates (YYYY-MM-DD sorts as text), or null when none is known. */
function newestActionDate(dates: (string | null)[]): string | null {
  let newest: string | null = null;
  for (const d of dates) if (d !== null && (newest === null || d > newest)) newest = d;
  return newest;
}
