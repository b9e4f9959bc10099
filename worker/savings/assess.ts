import Big from "big.js";

/**
 * Claimed against actual, provisional rule (methodology "0", until METHODOLOGY.md v1): pure, no
 * I/O, decimal arithmetic only. What the award record shows was taken back after the claim
 * (deobligations) is the low bound; that plus the ceiling never obligated is the high bound;
 * neither may exceed the claim. Duplicates are not detected yet.
 */
export type AssessInput = {
  claimed: string | null;
  claimDate: string | null;
  /** Null when the claim names no award (leases, counted groups, "Unavailable"). */
  awardId: string | null;
  award:
    | { status: "not_found" }
    | {
        status: "found";
        totalObligation: string | null;
        baseAndAllOptions: string | null;
        transactions: { actionDate: string | null; obligation: string | null; key: string }[];
      }
    | null;
};

export type Assessment = {
  status: "no_record" | "fully_spent" | "supported" | "overstated" | "unverifiable";
  claimed: string | null;
  verifiedLow: string | null;
  verifiedHigh: string | null;
  evidence: Record<string, unknown>;
};

/** The assessment of one claim, or null while its award has not been fetched yet. */
export function assess(input: AssessInput): Assessment | null {
  const { claimed } = input;
  if (!input.awardId) return unverifiable(claimed, "the claim names no award to check it against");
  if (!input.award) return null;
  if (input.award.status === "not_found") {
    return {
      status: "no_record",
      claimed,
      verifiedLow: null,
      verifiedHigh: null,
      evidence: { award_id: input.awardId, usaspending: "no such award" },
    };
  }
  const { totalObligation, baseAndAllOptions, transactions } = input.award;
  const after = transactions.filter(
    (t) => t.obligation !== null && (!input.claimDate || (t.actionDate ?? "") >= input.claimDate),
  );
  const deobligations = after.filter((t) => new Big(t.obligation ?? "0").lt(0));
  const deobligated = deobligations.reduce(
    (sum, t) => sum.plus(new Big(t.obligation ?? "0").abs()),
    new Big(0),
  );
  const unobligated =
    totalObligation !== null && baseAndAllOptions !== null
      ? max(new Big(0), new Big(baseAndAllOptions).minus(totalObligation))
      : null;
  const evidence = {
    award_id: input.awardId,
    total_obligation: totalObligation,
    base_and_all_options: baseAndAllOptions,
    deobligated: deobligated.toFixed(2),
    deobligations: deobligations.map((t) => ({
      key: t.key,
      action_date: t.actionDate,
      amount: t.obligation,
    })),
    unobligated_ceiling: unobligated?.toFixed(2) ?? null,
  };
  if (claimed === null) return { ...unverifiable(null, "the claim states no amount"), evidence };
  const claim = new Big(claimed);
  const low = min(claim, deobligated);
  const high = unobligated === null ? null : min(claim, deobligated.plus(unobligated));
  const result = {
    claimed,
    verifiedLow: low.toFixed(2),
    verifiedHigh: high?.toFixed(2) ?? null,
    evidence,
  };
  if (high?.eq(0)) return { status: "fully_spent", ...result };
  if (low.gte(claim)) return { status: "supported", ...result };
  if (high?.lt(claim)) return { status: "overstated", ...result };
  return { status: "unverifiable", ...result };
}

function unverifiable(claimed: string | null, reason: string): Assessment {
  return {
    status: "unverifiable",
    claimed,
    verifiedLow: null,
    verifiedHigh: null,
    evidence: { reason },
  };
}

const max = (a: Big, b: Big) => (a.gte(b) ? a : b);
const min = (a: Big, b: Big) => (a.lte(b) ? a : b);
