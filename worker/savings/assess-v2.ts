import Big from "big.js";

/**
 * Claimed against actual, methodology version 2 (METHODOLOGY.md states each rule, its sources
 * and its limits): pure, no I/O, decimal arithmetic only.
 *
 * C is the commission's claim. From the award record: D, money taken back (negative obligation
 * actions dated on or after the commission's start; earlier ones are reported apart), O,
 * obligated now, and P, paid to date where known.
 * - low = min(C, D): money on the record as taken back;
 * - high = min(C, D + max(0, O − P)), or min(C, D + max(0, O)) when P is unknown: D is a floor,
 *   never the ceiling of what the record allows. With O blank (unknown), high = C: a record
 *   that gives no obligated total cannot rule the claim out.
 * The ceiling cut on record (the commission's own yardstick) and unexercised options are
 * reported apart and never added into the bounds.
 */
export type TransactionRecord = {
  key: string;
  actionDate: string | null;
  /** The action's obligation: negative is money taken back. */
  obligation: string | null;
  /** The action's change to the base-and-all-options value, where the record gives it. */
  ceilingChange?: string | null | undefined;
};

export type AwardRecordV2 = {
  status: "found";
  totalObligation: string | null;
  totalOutlay: string | null;
  baseExercisedOptions: string | null;
  baseAndAllOptions: string | null;
  transactions: TransactionRecord[];
};

export type AssessInputV2 = {
  /** C: the commission's savings claim. */
  claimed: string | null;
  /** V: the contract value the commission listed beside its claim; shown, never assessed. */
  value?: string | null | undefined;
  /** The commission's start (`commissions.established_on`): deobligations before it are not its. */
  commissionStart: string | null;
  /** Null when the claim names no award (leases, counted groups, "Unavailable"). */
  awardId: string | null;
  /** `search`: how the search by PIID ended, where the award's own key was not known. */
  award: { status: "not_found"; search?: string | null | undefined } | AwardRecordV2 | null;
  /** The claim this one is counted under (an earlier claim of the same award, or its vehicle). */
  duplicateOf?: number | null | undefined;
};

export const STATUSES_V2 = [
  "no_saving_claimed",
  "unverifiable",
  "not_found",
  "supported",
  "unconfirmed",
  "fully_spent",
  "exceeds_record",
  "duplicate",
] as const;
export type StatusV2 = (typeof STATUSES_V2)[number];

/** The statuses whose claim was compared with an award record: the checkable part of a total. */
export const CHECKED_STATUSES: readonly StatusV2[] = [
  "supported",
  "unconfirmed",
  "fully_spent",
  "exceeds_record",
];

export type AssessmentV2 = {
  status: StatusV2;
  claimed: string | null;
  verifiedLow: string | null;
  verifiedHigh: string | null;
  potentialAvoided: string | null;
  /** The commission's measure: ceiling reductions on record since its start. Never verified. */
  ceilingCut: string | null;
  duplicateOf: number | null;
  evidence: Record<string, unknown>;
};

/** The assessment of one claim, or null while its award has not been fetched yet. */
export function assessV2(input: AssessInputV2): AssessmentV2 | null {
  const { claimed } = input;
  const value = input.value ?? null;
  if (claimed === null || new Big(claimed).lte(0)) {
    return unchecked("no_saving_claimed", input, { reason: "the claim states no saving" });
  }
  if (!input.awardId) {
    return unchecked("unverifiable", input, {
      reason: "the claim names no award to check it against",
    });
  }
  if (input.duplicateOf) {
    return {
      ...unchecked("duplicate", input, { duplicate_of: input.duplicateOf }),
      duplicateOf: input.duplicateOf,
    };
  }
  if (!input.award) return null;
  if (input.award.status === "not_found") {
    return unchecked("not_found", input, {
      usaspending: "no such award",
      award_search: input.award.search ?? null,
    });
  }
  const award = input.award;
  const split = splitDeobligations(award.transactions, input.commissionStart);
  const c = new Big(claimed);
  const d = split.d;
  const p = award.totalOutlay === null ? null : new Big(award.totalOutlay);
  const o = award.totalObligation === null ? null : new Big(award.totalObligation);
  // What the record still allows beyond D: obligated and not paid (all obligated if P unknown).
  // With no obligated total the record cannot rule the claim out: high is the claim itself.
  const unpaid = o === null ? null : positive(p === null ? o : o.minus(p));
  const high = unpaid === null ? c : min(c, d.plus(unpaid));
  const low = min(c, d);
  // Fully spent only when the record shows it: outlays known, nothing unpaid, nothing taken back.
  const fullySpent = p !== null && unpaid?.eq(0) === true && d.eq(0);
  const status: StatusV2 = c.lte(d)
    ? "supported"
    : fullySpent
      ? "fully_spent"
      : c.lte(high)
        ? "unconfirmed"
        : "exceeds_record";
  const potential =
    award.baseAndAllOptions === null || award.baseExercisedOptions === null
      ? null
      : positive(new Big(award.baseAndAllOptions).minus(award.baseExercisedOptions));
  const ceilingCut = ceilingCutOf(award.transactions, input.commissionStart);
  return {
    status,
    claimed,
    verifiedLow: low.toFixed(2),
    verifiedHigh: high.toFixed(2),
    potentialAvoided: potential?.toFixed(2) ?? null,
    ceilingCut,
    duplicateOf: null,
    evidence: {
      award_id: input.awardId,
      value,
      obligated: award.totalObligation,
      paid: award.totalOutlay,
      outlays_known: p !== null,
      obligated_known: o !== null,
      commission_start: input.commissionStart,
      deobligated: d.toFixed(2),
      deobligated_before_start: split.before.toFixed(2),
      deobligated_undated: split.undated.toFixed(2),
      deobligations: split.counted.map((t) => ({
        key: t.key,
        action_date: t.actionDate,
        amount: t.obligation,
      })),
      ceiling_cut: ceilingCut,
    },
  };
}

/**
 * Money taken back, split by when: on or after the commission's start (D, counted), before it
 * (reported apart), and undated (reported apart: a claim cannot rest on an action of unknown date).
 */
function splitDeobligations(transactions: TransactionRecord[], start: string | null) {
  const split = { d: new Big(0), before: new Big(0), undated: new Big(0) };
  const counted: TransactionRecord[] = [];
  for (const t of transactions) {
    if (t.obligation === null || !new Big(t.obligation).lt(0)) continue;
    const amount = new Big(t.obligation).abs();
    if (t.actionDate === null) split.undated = split.undated.plus(amount);
    else if (start !== null && t.actionDate < start) split.before = split.before.plus(amount);
    else {
      split.d = split.d.plus(amount);
      counted.push(t);
    }
  }
  return { ...split, counted };
}

/** Σ ceiling reductions dated on or after the start, or null when no action states its change. */
function ceilingCutOf(transactions: TransactionRecord[], start: string | null): string | null {
  const known = transactions.filter((t) => t.ceilingChange != null);
  if (!known.length) return null;
  let cut = new Big(0);
  for (const t of known) {
    const change = new Big(t.ceilingChange ?? "0");
    if (change.lt(0) && t.actionDate !== null && (start === null || t.actionDate >= start))
      cut = cut.plus(change.abs());
  }
  return cut.toFixed(2);
}

function unchecked(
  status: StatusV2,
  input: AssessInputV2,
  evidence: Record<string, unknown>,
): AssessmentV2 {
  return {
    status,
    claimed: input.claimed,
    verifiedLow: null,
    verifiedHigh: null,
    potentialAvoided: null,
    ceilingCut: null,
    duplicateOf: null,
    evidence: { award_id: input.awardId, value: input.value ?? null, ...evidence },
  };
}

const positive = (a: Big) => (a.gt(0) ? a : new Big(0));
const min = (a: Big, b: Big) => (a.lte(b) ? a : b);
