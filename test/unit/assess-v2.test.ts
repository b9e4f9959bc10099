import Big from "big.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AssessInputV2,
  type AwardRecordV2,
  assessV2,
  STATUSES_V2,
} from "../../worker/savings/assess-v2.ts";

const START = "2025-01-20";
const found = (over: Partial<AwardRecordV2> = {}): AwardRecordV2 => ({
  status: "found",
  totalObligation: "1000.00",
  totalOutlay: "600.00",
  baseExercisedOptions: "1000.00",
  baseAndAllOptions: "5000.00",
  transactions: [],
  ...over,
});
const claim = (over: Partial<AssessInputV2> = {}): AssessInputV2 => ({
  claimed: "500",
  value: "9000",
  commissionStart: START,
  awardId: "CONT_AWD_X_1_-NONE-_-NONE-",
  award: found(),
  ...over,
});
const tx = (actionDate: string | null, obligation: string | null, ceilingChange?: string) => ({
  actionDate,
  obligation,
  ceilingChange,
  key: `${actionDate}:${obligation}`,
});

describe("the assessment (methodology 2)", () => {
  it("gives a $0 claim no verdict of success: nothing was claimed, nothing is verified", () => {
    const award = found({ transactions: [tx("2025-03-01", "-900")] });
    for (const claimed of ["0", "0.00", "-5", null]) {
      expect(assessV2(claim({ claimed, award }))).toMatchObject({
        status: "no_saving_claimed",
        verifiedLow: null,
        verifiedHigh: null,
      });
    }
  });

  it("cannot check a claim that names no award, and verifies nothing of it", () => {
    expect(assessV2(claim({ awardId: null }))).toMatchObject({
      status: "unverifiable",
      verifiedLow: null,
      verifiedHigh: null,
    });
  });

  it("waits for an award not fetched yet instead of giving a verdict", () => {
    expect(assessV2(claim({ award: null }))).toBeNull();
  });

  it("says not_found when USAspending has no such award", () => {
    expect(assessV2(claim({ award: { status: "not_found" } }))).toMatchObject({
      status: "not_found",
      verifiedHigh: null,
    });
  });

  it("supports a claim the record shows taken back since the commission began, to the cent", () => {
    const award = found({
      transactions: [tx("2025-02-10", "-300.10"), tx("2025-02-11", "-199.90")],
    });
    expect(assessV2(claim({ award }))).toMatchObject({
      status: "supported",
      verifiedLow: "500.00",
      verifiedHigh: "500.00",
    });
  });

  it("does not count deobligations booked before the commission began, but reports them", () => {
    const award = found({
      totalOutlay: "1000",
      transactions: [tx("2025-01-15", "-400"), tx("2025-01-20", "-100"), tx(null, "-7")],
    });
    const a = assessV2(claim({ award }));
    expect(a).toMatchObject({ status: "exceeds_record", verifiedLow: "100.00" });
    expect(a?.evidence).toMatchObject({
      deobligated: "100.00",
      deobligated_before_start: "400.00",
      deobligated_undated: "7.00",
    });
  });

  it("with outlays unknown, allows up to D plus what is still obligated: unconfirmed, not overstated", () => {
    // D = 50, O = 1000, P unknown: the record allows up to 1050; the claim of 500 sits between.
    const award = found({ totalOutlay: null, transactions: [tx("2025-03-01", "-50")] });
    expect(assessV2(claim({ award }))).toMatchObject({
      status: "unconfirmed",
      verifiedLow: "50.00",
      verifiedHigh: "500.00",
      evidence: { outlays_known: false },
    });
  });

  it("with outlays known, allows D plus obligated minus paid, and a bigger claim exceeds it", () => {
    // D = 50, O − P = 1000 − 900 = 100: at most 150 of the 500 claimed.
    const award = found({ totalOutlay: "900", transactions: [tx("2025-03-01", "-50")] });
    expect(assessV2(claim({ award }))).toMatchObject({
      status: "exceeds_record",
      verifiedLow: "50.00",
      verifiedHigh: "150.00",
    });
  });

  it("calls a paid-out award with nothing taken back fully spent", () => {
    const award = found({ totalOutlay: "1000.00" });
    expect(assessV2(claim({ award }))).toMatchObject({
      status: "fully_spent",
      verifiedLow: "0.00",
      verifiedHigh: "0.00",
      potentialAvoided: "4000.00",
    });
  });

  it("does not call an award fully spent when its outlays are unknown", () => {
    const award = found({ totalObligation: "0", totalOutlay: null });
    expect(assessV2(claim({ award }))?.status).toBe("exceeds_record");
  });

  it("never rules a claim out on a blank obligated total (unknown, not zero)", () => {
    const award = found({ totalObligation: null, transactions: [tx("2025-03-01", "-20")] });
    expect(assessV2(claim({ award }))).toMatchObject({
      status: "unconfirmed",
      verifiedLow: "20.00",
      verifiedHigh: "500.00",
      evidence: { obligated_known: false },
    });
  });

  it("keeps the commission's ceiling cut beside the bounds, never inside them", () => {
    const award = found({
      totalOutlay: "1000",
      transactions: [tx("2025-03-01", "0", "-4000"), tx("2024-12-01", "0", "-999")],
    });
    expect(assessV2(claim({ award }))).toMatchObject({
      status: "fully_spent",
      verifiedHigh: "0.00",
      ceilingCut: "4000.00",
    });
    expect(assessV2(claim())?.ceilingCut).toBeNull();
  });

  it("shows the contract value beside the claim, never as the claim", () => {
    const a = assessV2(claim({ claimed: "10", value: "123456" }));
    expect(a?.claimed).toBe("10");
    expect(a?.evidence).toMatchObject({ value: "123456" });
  });

  it("marks a duplicate and points to the claim it is counted under", () => {
    expect(assessV2(claim({ duplicateOf: 7 }))).toMatchObject({
      status: "duplicate",
      duplicateOf: 7,
      verifiedLow: null,
    });
  });

  it("keeps 0 ≤ low ≤ high ≤ claimed, and a status from the enum, for any record", () => {
    const amount = fc.option(
      fc.integer({ min: -100_000, max: 100_000 }).map((c) => (c / 100).toFixed(2)),
      { nil: null },
    );
    const date = fc.option(
      fc.constantFrom("2024-06-01", "2025-01-19", "2025-01-20", "2025-05-01"),
      { nil: null },
    );
    fc.assert(
      fc.property(
        amount,
        amount,
        amount,
        fc.array(fc.record({ date, amount }), { maxLength: 4 }),
        (claimed, obligated, paid, actions) => {
          const a = assessV2(
            claim({
              claimed,
              award: found({
                totalObligation: obligated,
                totalOutlay: paid,
                transactions: actions.map((t, i) => ({ ...tx(t.date, t.amount), key: `${i}` })),
              }),
            }),
          );
          expect(STATUSES_V2).toContain(a?.status);
          if (a?.verifiedLow == null || a.verifiedHigh == null) return;
          expect(new Big(a.verifiedLow).gte(0)).toBe(true);
          expect(new Big(a.verifiedLow).lte(a.verifiedHigh)).toBe(true);
          expect(new Big(a.verifiedHigh).lte(claimed ?? "0")).toBe(true);
        },
      ),
    );
  });
});
