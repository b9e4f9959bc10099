import Big from "big.js";
import { CHECKED_STATUSES, type StatusV2 } from "./assess-v2.ts";

/**
 * The rollup rule, stated once as a pure function (db/queries/savings.ts computes the same in
 * SQL; a property test holds the two equal): a claim's verified amounts count only where a bound
 * was computed, never above what it claims and never below zero; a NULL bound adds 0; a
 * duplicate adds nothing but its count, being counted under the claim it duplicates.
 */
export type ClaimForTotals = {
  claimed: string | null;
  /** Null while the claim is not assessed. */
  status: string | null;
  verifiedLow: string | null;
  verifiedHigh: string | null;
  potentialAvoided?: string | null;
  ceilingCut?: string | null;
};

export type Totals = {
  claims: number;
  claimed_as_published: string;
  claimed: string;
  claimed_checkable: string;
  claimed_unverifiable: string;
  verified_low: string;
  verified_high: string;
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
  };
  let notAssessed = 0;
  for (const c of claims) {
    const claimed = new Big(c.claimed ?? 0);
    sum.published = sum.published.plus(claimed);
    if (c.status === null) {
      notAssessed += 1;
      sum.notAssessed = sum.notAssessed.plus(claimed);
    }
    if (c.status === "duplicate") continue;
    sum.claimed = sum.claimed.plus(claimed);
    if (CHECKED_STATUSES.includes(c.status as StatusV2))
      sum.checkable = sum.checkable.plus(claimed);
    if (c.status === "unverifiable") sum.unverifiable = sum.unverifiable.plus(claimed);
    sum.low = sum.low.plus(counted(claimed, c.verifiedLow));
    sum.high = sum.high.plus(counted(claimed, c.verifiedHigh));
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
