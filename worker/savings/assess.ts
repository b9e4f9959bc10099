import Big from "big.js";

/**
 * Claimed against actual, methodology version 1 (METHODOLOGY.md states each rule, its sources
 * and its limits): pure, no I/O, decimal arithmetic only.
 * - low: D, the deobligations booked on or after the claim date (money taken back, on record);
 * - high: what could still be taken back, max(D, O − P) with O obligated and P paid; with P
 *   unknown, only D is on record, so high = D and the evidence says outlays are unknown. Never
 *   the ceiling C: unexercised options are `potentialAvoided` (C − X), reported apart.
 * The same award claimed twice is a `duplicate` of its earliest claim, counted once.
 */
export type AwardRecord = {
  status: "found";
  totalObligation: string | null;
  totalOutlay: string | null;
  baseExercisedOptions: string | null;
  baseAndAllOptions: string | null;
  transactions: { actionDate: string | null; obligation: string | null; key: string }[];
};

export type AssessInput = {
  claimed: string | null;
  claimDate: string | null;
  /** Null when the claim names no award (leases, counted groups, "Unavailable"). */
  awardId: string | null;
  award: { status: "not_found" } | AwardRecord | null;
  /** The earliest live claim of the same award, when that is another claim. */
  duplicateOf?: number | null | undefined;
};

export type Assessment = {
  status: "no_record" | "fully_spent" | "supported" | "overstated" | "unverifiable" | "duplicate";
  claimed: string | null;
  verifiedLow: string | null;
  verifiedHigh: string | null;
  potentialAvoided: string | null;
  duplicateOf: number | null;
  evidence: Record<string, unknown>;
};

/** The assessment of one claim, or null while its award has not been fetched yet. */
export function assess(input: AssessInput): Assessment | null {
  const { claimed } = input;
  if (!input.awardId) return unverifiable(claimed, "the claim names no award to check it against");
  // Counted once: under the earliest claim of the same award, or under the claim of the vehicle
  // (IDV, BPA) a task order is ordered under.
  if (input.duplicateOf) {
    return {
      ...unverifiable(claimed, "counted under another claim of the same award or its vehicle"),
      status: "duplicate",
      duplicateOf: input.duplicateOf,
      evidence: { award_id: input.awardId, duplicate_of: input.duplicateOf },
    };
  }
  if (!input.award) return null;
  if (input.award.status === "not_found") {
    return {
      ...unverifiable(claimed, "USAspending has no such award"),
      status: "no_record",
      evidence: { award_id: input.awardId, usaspending: "no such award" },
    };
  }
  const award = input.award;
  const deobligations = award.transactions.filter(
    (t) =>
      t.obligation !== null &&
      new Big(t.obligation).lt(0) &&
      (!input.claimDate || (t.actionDate ?? "") >= input.claimDate),
  );
  const d = deobligations.reduce(
    (sum, t) => sum.plus(new Big(t.obligation ?? "0").abs()),
    new Big(0),
  );
  const unpaid = difference(award.totalObligation, award.totalOutlay);
  const high = unpaid === null ? d : max(d, unpaid);
  const potential = difference(award.baseAndAllOptions, award.baseExercisedOptions);
  const evidence = {
    award_id: input.awardId,
    obligated: award.totalObligation,
    paid: award.totalOutlay,
    outlays_known: award.totalOutlay !== null,
    deobligated: d.toFixed(2),
    deobligations: deobligations.map((t) => ({
      key: t.key,
      action_date: t.actionDate,
      amount: t.obligation,
    })),
  };
  const result = {
    claimed,
    duplicateOf: null,
    verifiedLow: d.toFixed(2),
    verifiedHigh: high.toFixed(2),
    potentialAvoided: potential?.toFixed(2) ?? null,
    evidence,
  };
  // Fully spent only when the record shows it: everything obligated was paid, nothing taken back.
  if (unpaid !== null && high.eq(0)) return { status: "fully_spent", ...result };
  if (claimed === null) return { status: "unverifiable", ...result };
  return { status: new Big(claimed).lte(high) ? "supported" : "overstated", ...result };
}

function unverifiable(claimed: string | null, reason: string): Assessment {
  return {
    status: "unverifiable",
    claimed,
    verifiedLow: null,
    verifiedHigh: null,
    potentialAvoided: null,
    duplicateOf: null,
    evidence: { reason },
  };
}

/** max(0, a − b), or null when either is unknown (a blank amount is unknown, not zero). */
function difference(a: string | null, b: string | null): Big | null {
  if (a === null || b === null) return null;
  return max(new Big(0), new Big(a).minus(b));
}

const max = (a: Big, b: Big) => (a.gte(b) ? a : b);
