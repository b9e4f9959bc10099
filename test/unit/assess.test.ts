import { describe, expect, it } from "vitest";
import { type AssessInput, assess } from "../../worker/savings/assess.ts";

const found = (over: Partial<Extract<AssessInput["award"], { status: "found" }>> = {}) => ({
  status: "found" as const,
  totalObligation: "1000.00",
  baseAndAllOptions: "1000.00",
  transactions: [],
  ...over,
});
const claim = (over: Partial<AssessInput> = {}): AssessInput => ({
  claimed: "500",
  claimDate: "2025-02-01",
  awardId: "CONT_AWD_X_1_-NONE-_-NONE-",
  award: found(),
  ...over,
});
const tx = (actionDate: string, obligation: string) => ({
  actionDate,
  obligation,
  key: `${actionDate}:${obligation}`,
});

describe("the provisional assessment", () => {
  it("cannot check a claim that names no award", () => {
    expect(assess(claim({ awardId: null }))?.status).toBe("unverifiable");
  });

  it("waits for an award not fetched yet", () => {
    expect(assess(claim({ award: null }))).toBeNull();
  });

  it("says no_record when USAspending has no such award", () => {
    expect(assess(claim({ award: { status: "not_found" } }))).toMatchObject({
      status: "no_record",
      verifiedLow: null,
    });
  });

  it("calls a claim fully spent when nothing was taken back and nothing is left", () => {
    expect(assess(claim())).toMatchObject({
      status: "fully_spent",
      verifiedLow: "0.00",
      verifiedHigh: "0.00",
    });
  });

  it("supports a claim covered by deobligations after the claim date, to the cent", () => {
    const award = found({
      transactions: [
        tx("2025-01-15", "-400.00"),
        tx("2025-02-10", "-300.10"),
        tx("2025-02-11", "-199.90"),
      ],
    });
    expect(assess(claim({ award }))).toMatchObject({
      status: "supported",
      verifiedLow: "500.00",
      verifiedHigh: "500.00",
    });
  });

  it("calls a claim overstated when even the unspent ceiling cannot cover it", () => {
    const award = found({
      totalObligation: "900",
      baseAndAllOptions: "1000",
      transactions: [tx("2025-03-01", "-50")],
    });
    expect(assess(claim({ award }))).toMatchObject({
      status: "overstated",
      verifiedLow: "50.00",
      verifiedHigh: "150.00",
    });
  });

  it("treats blank amounts as unknown, not zero", () => {
    const award = found({ totalObligation: null, transactions: [tx("2025-03-01", "-50")] });
    expect(assess(claim({ award }))).toMatchObject({
      status: "unverifiable",
      verifiedLow: "50.00",
      verifiedHigh: null,
    });
  });

  it("keeps 0 ≤ low ≤ high ≤ claimed", () => {
    const award = found({
      totalObligation: "10",
      baseAndAllOptions: "5000",
      transactions: [tx("2025-03-01", "-20000")],
    });
    const a = assess(claim({ award }));
    expect(a).toMatchObject({ status: "supported", verifiedLow: "500.00", verifiedHigh: "500.00" });
  });
});
