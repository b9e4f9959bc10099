import Big from "big.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AwardRecordV2 } from "../../worker/savings/assess-v2.ts";
import { type AssessInputV3, assessV3, STATUSES_V3 } from "../../worker/savings/assess-v3.ts";

const START = "2025-01-20";
const found = (over: Partial<AwardRecordV2> = {}): AwardRecordV2 => ({
  status: "found",
  totalObligation: "1000.00",
  totalOutlay: null,
  baseExercisedOptions: "1000.00",
  baseAndAllOptions: "5000.00",
  transactions: [],
  ...over,
});
const claim = (over: Partial<AssessInputV3> = {}): AssessInputV3 => ({
  claimed: "500",
  value: "9000",
  claimDate: "2025-02-10",
  searchable: false,
  commissionStart: START,
  awardId: "CONT_AWD_X_1_-NONE-_-NONE-",
  award: found(),
  ...over,
});
const tx = (actionDate: string | null, obligation: string | null) => ({
  actionDate,
  obligation,
  key: `${actionDate}:${obligation}`,
});

describe("the assessment (methodology 3)", () => {
  it("calls a claim of the award's unexercised options options, counting only what was taken back", () => {
    // Ceiling 5,000 − exercised 1,000 = 4,000 of options; 100 taken back.
    const award = found({ transactions: [tx("2025-03-01", "-100")] });
    const a = assessV3(claim({ claimed: "4000", award }));
    expect(a).toMatchObject({ status: "unexercised_options", verifiedLow: "100.00" });
    expect(a?.verifiedHigh).toBe("100.00");
    expect(a?.evidence.unexercised_options).toBe("4000.00");
    // Ceiling − obligated, to the dollar (cents of rounding either way).
    const byObligation = found({ baseExercisedOptions: null, totalObligation: "1200.40" });
    expect(assessV3(claim({ claimed: "3800", award: byObligation }))?.status).toBe(
      "unexercised_options",
    );
    // A dollar off is another amount: version 2's verdict stands.
    expect(assessV3(claim({ claimed: "3998.50", award }))?.status).toBe("exceeds_record");
  });

  it("keeps a claim the record shows taken back supported, even when it equals the options", () => {
    const award = found({ transactions: [tx("2025-03-01", "-4000")] });
    expect(assessV3(claim({ claimed: "4000", award }))?.status).toBe("supported");
  });

  it("reads a difference under $1 above the record as rounding, never as exceedance", () => {
    const award = found({ baseAndAllOptions: null, totalObligation: "1000.40" });
    const rounded = assessV3(claim({ claimed: "1001", award }));
    expect(rounded?.status).toBe("unconfirmed");
    expect(rounded?.evidence.rounding_forgiven).toBe("0.60");
    expect(assessV3(claim({ claimed: "1001.40", award }))?.status).toBe("exceeds_record");
  });

  it("names the date of the newest record used, and whether it predates the claim", () => {
    const award = found({
      transactions: [tx("2024-06-01", "50"), tx("2024-11-30", "-10"), tx(null, "-5")],
    });
    const old = assessV3(claim({ award }));
    expect(old).toMatchObject({ recordDate: "2024-11-30", recordPredatesClaim: true });
    const fresh = assessV3(claim({ award: found({ transactions: [tx("2025-02-10", "-1")] }) }));
    expect(fresh).toMatchObject({ recordDate: "2025-02-10", recordPredatesClaim: false });
    // No dated action: the age is unknown, not old.
    expect(assessV3(claim())).toMatchObject({ recordDate: null, recordPredatesClaim: null });
  });

  it("leaves a claim naming a PIID, FAIN or recipient not yet checked, never unverifiable", () => {
    const a = assessV3(claim({ awardId: null, award: null, searchable: true }));
    expect(a).toMatchObject({ status: "not_yet_checked", verifiedLow: null, verifiedHigh: null });
    expect(assessV3(claim({ awardId: null, award: null }))?.status).toBe("unverifiable");
    // A $0 claim is still no saving, whatever it names.
    expect(assessV3(claim({ claimed: "0", awardId: null, searchable: true }))?.status).toBe(
      "no_saving_claimed",
    );
  });

  it("keeps the bounds ordered and within the claim, whatever the record", () => {
    const amount = fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 100).toFixed(2));
    fc.assert(
      fc.property(
        amount,
        fc.option(amount, { nil: null }),
        fc.option(amount, { nil: null }),
        fc.option(amount, { nil: null }),
        fc.array(fc.tuple(amount, fc.boolean()), { maxLength: 4 }),
        (claimed, obligated, exercised, ceiling, actions) => {
          const award = found({
            totalObligation: obligated,
            baseExercisedOptions: exercised,
            baseAndAllOptions: ceiling,
            transactions: actions.map(([a, back], i) =>
              tx(`2025-0${(i % 9) + 1}-01`, back ? `-${a}` : a),
            ),
          });
          const a = assessV3(claim({ claimed, award }));
          expect(STATUSES_V3).toContain(a?.status);
          if (a?.verifiedLow == null || a.verifiedHigh == null) return;
          expect(new Big(a.verifiedLow).lte(a.verifiedHigh)).toBe(true);
          expect(new Big(a.verifiedHigh).lte(claimed)).toBe(true);
          if (a.status === "exceeds_record")
            expect(new Big(claimed).minus(a.verifiedHigh).gte(1)).toBe(true);
        },
      ),
    );
  });
});

describe("a claim naming no award, once its award search has run", () => {
  const search = { searched_by: "piid", query: { piid: "47QFEA24K0008" }, outcome: "no_match" };
  it("is not_found with the search as its evidence when nothing agreed", () => {
    const a = assessV3(
      claim({
        awardId: null,
        searchable: true,
        award: { status: "not_found" },
        searched: { record: search, resolvedAwardId: null },
      }),
    );
    expect(a).toMatchObject({ status: "not_found", verifiedLow: null, verifiedHigh: null });
    expect(a?.evidence).toMatchObject({ award_id: null, award_search: search });
  });

  it("is judged on the award found, under that award's id", () => {
    const id = "CONT_AWD_75N95024F00089_7529_75N95021D00013_7529";
    const a = assessV3(
      claim({
        awardId: null,
        searchable: true,
        award: found({ transactions: [tx("2025-03-01", "-600")] }),
        searched: { record: { ...search, outcome: "resolved" }, resolvedAwardId: id },
      }),
    );
    expect(a).toMatchObject({ status: "supported", verifiedLow: "500.00" });
    expect(a?.evidence).toMatchObject({ award_id: id });
  });

  it("is not_yet_checked before it has run", () => {
    const a = assessV3(claim({ awardId: null, searchable: true, award: null }));
    expect(a?.status).toBe("not_yet_checked");
  });
});
