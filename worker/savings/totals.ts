import Big from "big.js";
import { ALLOWED_STATUSES_V3, CHECKED_STATUSES_V3, type StatusV3 } from "./assess-v3.ts";

/**
 * The rollup rule, stated once as a pure function (db/queries/savings.ts computes the same in
 * SQL; a property test holds the two equal): a claim's verified amounts count only where a bound
 * was computed, never above what it claims and never below zero; a NULL bound adds 0; a
 * duplicate adds nothing but its count, being counted under the claim it duplicates.
 * Version 3's headline: `taken_back` (Σ low) and `not_ruled_out` (Σ high) over the checked claims
 * the record does not contradict; the contradicted ones (exceeds_record) are summed apart.
 */
export type ClaimForTotals = {
  claimed: string | null;
  /** Null while the claim is not assessed. */
  status: string | null;
  verifiedLow: string | null;
  verifiedHigh: string | null;
  potentialAvoided?: string | null;
  ceilingCut?: string | null;
  /** The evidence's `outlays_known`: false when the record gives no payments. */
  outlaysKnown?: boolean | null;
  recordPredatesClaim?: boolean | null;
};

export type Totals = {
  claims: number;
  claimed_as_published: string;
  claimed: string;
  claimed_checkable: string;
  claimed_unverifiable: string;
  verified_low: string;
  verified_high: string;
  taken_back: string;
  not_ruled_out: string;
  not_ruled_out_payments_unknown: string;
  contradicted: number;
  claimed_contradicted: string;
  contradicted_record_allows: string;
  claimed_not_yet_checked: string;
  record_predates_claim: number;
  claimed_record_predates_claim: string;
  potential_avoided: string;
  ceiling_cut: string;
  not_assessed: number;
  claimed_not_assessed: string;
};

export function totalsOf(claims: ClaimForTotals[]): Totals {
  const sum = {
    published: new Big(0),
    claimed: new Big(0),
    checkable: new Big(0),
    unverifiable: new Big(0),
    notAssessed: new Big(0),
    low: new Big(0),
    high: new Big(0),
    potential: new Big(0),
    ceilingCut: new Big(0),
    takenBack: new Big(0),
    notRuledOut: new Big(0),
    paymentsUnknown: new Big(0),
    contradicted: new Big(0),
    contradictedAllows: new Big(0),
    notYetChecked: new Big(0),
    predates: new Big(0),
  };
  let notAssessed = 0;
  let contradicted = 0;
  let predates = 0;
  for (const c of claims) {
    const claimed = new Big(c.claimed ?? 0);
    sum.published = sum.published.plus(claimed);
    if (c.status === null) {
      notAssessed += 1;
      sum.notAssessed = sum.notAssessed.plus(claimed);
    }
    if (c.status === "duplicate") continue;
    sum.claimed = sum.claimed.plus(claimed);
    const status = c.status as StatusV3;
    if (CHECKED_STATUSES_V3.includes(status)) sum.checkable = sum.checkable.plus(claimed);
    if (c.status === "unverifiable") sum.unverifiable = sum.unverifiable.plus(claimed);
    if (c.status === "not_yet_checked") sum.notYetChecked = sum.notYetChecked.plus(claimed);
    const low = counted(claimed, c.verifiedLow);
    const high = counted(claimed, c.verifiedHigh);
    sum.low = sum.low.plus(low);
    sum.high = sum.high.plus(high);
    if (ALLOWED_STATUSES_V3.includes(status)) {
      sum.takenBack = sum.takenBack.plus(low);
      sum.notRuledOut = sum.notRuledOut.plus(high);
      if (c.outlaysKnown === false) sum.paymentsUnknown = sum.paymentsUnknown.plus(high);
    }
    if (c.status === "exceeds_record") {
      contradicted += 1;
      sum.contradicted = sum.contradicted.plus(claimed);
      sum.contradictedAllows = sum.contradictedAllows.plus(high);
    }
    if (c.recordPredatesClaim === true) {
      predates += 1;
      sum.predates = sum.predates.plus(claimed);
    }
    sum.potential = sum.potential.plus(c.potentialAvoided ?? 0);
    sum.ceilingCut = sum.ceilingCut.plus(c.ceilingCut ?? 0);
  }
  return {
    claims: claims.length,
    claimed_as_published: sum.published.toFixed(2),
    claimed: sum.claimed.toFixed(2),
    claimed_checkable: sum.checkable.toFixed(2),
    claimed_unverifiable: sum.unverifiable.toFixed(2),
    verified_low: sum.low.toFixed(2),
    verified_high: sum.high.toFixed(2),
    taken_back: sum.takenBack.toFixed(2),
    not_ruled_out: sum.notRuledOut.toFixed(2),
    not_ruled_out_payments_unknown: sum.paymentsUnknown.toFixed(2),
    contradicted,
    claimed_contradicted: sum.contradicted.toFixed(2),
    contradicted_record_allows: sum.contradictedAllows.toFixed(2),
    claimed_not_yet_checked: sum.notYetChecked.toFixed(2),
    record_predates_claim: predates,
    claimed_record_predates_claim: sum.predates.toFixed(2),
    potential_avoided: sum.potential.toFixed(2),
    ceiling_cut: sum.ceilingCut.toFixed(2),
    not_assessed: notAssessed,
    claimed_not_assessed: sum.notAssessed.toFixed(2),
  };
}

/** max(0, min(claimed, bound)), a missing bound counting 0. */
function counted(claimed: Big, bound: string | null): Big {
  if (bound === null) return new Big(0);
  const b = new Big(bound);
  const m = claimed.lte(b) ? claimed : b;
  return m.gt(0) ? m : new Big(0);
}
