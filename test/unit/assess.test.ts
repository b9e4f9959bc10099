import Big from "big.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AssessInput, type AwardRecord, assess } from "../../worker/savings/assess.ts";

const found = (over: Partial<AwardRecord> = {}): AwardRecord => ({
  status: "found",
  totalObligation: "1000.00",
  totalOutlay: "1000.00",
  baseExercisedOptions: "1000.00",
  baseAndAllOptions: "5000.00",
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
const tx = (actionDate: string, obligation: string | null) => ({
  actionDate,
  obligation,
  key: `${actionDate}:${obligation}`,
});

describe("the assessment (methodology 1)", () => {
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

  it("calls a fully paid contract with nothing taken back fully spent, whatever its ceiling", () => {
    expect(assess(claim())).toMatchObject({
      status: "fully_spent",
      verifiedLow: "0.00",
      verifiedHigh: "0.00",
      potentialAvoided: "4000.00",
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

  it("bounds what is left by obligated minus paid, and calls a bigger claim overstated", () => {
    const award = found({ totalOutlay: "800", transactions: [tx("2025-03-01", "-50")] });
    expect(assess(claim({ award }))).toMatchObject({
      status: "overstated",
      verifiedLow: "50.00",
      verifiedHigh: "200.00",
    });
  });

  it("treats unknown outlays as unknown, not zero: only what is on record counts", () => {
    const award = found({
      totalOutlay: null,
      transactions: [tx("2025-03-01", "-50"), tx("2025-03-02", null)],
    });
    const a = assess(claim({ award }));
    expect(a).toMatchObject({ status: "overstated", verifiedLow: "50.00", verifiedHigh: "50.00" });
    expect(a?.evidence).toMatchObject({ outlays_known: false });
  });

  it("does not call a contract fully spent when its payments are unknown", () => {
    const award = found({ totalOutlay: null });
    expect(assess(claim({ award }))).toMatchObject({ status: "overstated", verifiedHigh: "0.00" });
  });

  it("counts an award claimed twice once: the later claim is a duplicate of the earlier", () => {
    const a = assess(
      claim({ duplicateOf: 41, award: found({ transactions: [tx("2025-03-01", "-500")] }) }),
    );
    expect(a).toMatchObject({
      status: "duplicate",
      duplicateOf: 41,
      verifiedLow: null,
      verifiedHigh: null,
    });
    expect(assess(claim({ duplicateOf: null }))?.duplicateOf).toBeNull();
  });

  it("keeps 0 ≤ low ≤ high", () => {
    const award = found({
      totalObligation: "10",
      totalOutlay: "0",
      transactions: [tx("2025-03-01", "-20000")],
    });
    expect(assess(claim({ award }))).toMatchObject({
      status: "supported",
      verifiedLow: "20000.00",
      verifiedHigh: "20000.00",
    });
  });
});

describe("the assessment, for any record", () => {
  // Amounts as the sources give them: decimal strings with up to two places, sometimes blank.
  const cents = fc
    .bigInt({ min: 0n, max: 10n ** 13n })
    .map((n) => `${n / 100n}.${String(n % 100n).padStart(2, "0")}`);
  const amount = fc.option(cents, { nil: null });
  const day = fc
    .integer({ min: 0, max: 800 })
    .map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
  const transaction = fc.record({
    actionDate: fc.option(day, { nil: null }),
    obligation: fc.option(
      fc.tuple(fc.boolean(), cents).map(([neg, a]) => (neg ? `-${a}` : a)),
      { nil: null },
    ),
    key: fc.uuid(),
  });
  const input = fc.record({
    claimed: amount,
    claimDate: fc.option(day, { nil: null }),
    awardId: fc.constant("CONT_AWD_X_1_-NONE-_-NONE-"),
    award: fc.record({
      status: fc.constant("found" as const),
      totalObligation: amount,
      totalOutlay: amount,
      baseExercisedOptions: amount,
      baseAndAllOptions: amount,
      transactions: fc.array(transaction, { maxLength: 8 }),
    }),
  });

  it("keeps 0 ≤ verified_low ≤ verified_high whenever both are known", () => {
    fc.assert(
      fc.property(input, (i) => {
        const a = assess(i);
        if (a?.verifiedLow == null || a.verifiedHigh == null) return;
        expect(new Big(a.verifiedLow).gte(0)).toBe(true);
        expect(new Big(a.verifiedLow).lte(a.verifiedHigh)).toBe(true);
      }),
    );
  });

  it("never counts money taken back before the claim", () => {
    fc.assert(
      fc.property(input, (i) => {
        const after = assess(i);
        const moved = assess({
          ...i,
          award: {
            ...i.award,
            transactions: i.award.transactions.map((t) => ({ ...t, actionDate: "2000-01-01" })),
          },
        });
        if (i.claimDate && moved?.verifiedLow != null) expect(moved.verifiedLow).toBe("0.00");
        return after !== undefined;
      }),
    );
  });
});
