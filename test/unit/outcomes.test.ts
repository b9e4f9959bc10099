import { describe, expect, it } from "vitest";
import {
  currentDivergence,
  currentOutcome,
  divergenceOf,
  ledgerKind,
  type OutcomeEventInput,
  outcomesFromTransactions,
} from "../../worker/savings/outcomes.ts";

const event = (over: Partial<OutcomeEventInput> & { id: number }): OutcomeEventInput => ({
  kind: "terminated",
  occurredOn: "2025-04-08",
  asOf: "2026-07-30",
  recordedBy: "job",
  amountTrend: null,
  endDateTrend: null,
  retracted: false,
  ...over,
});

describe("a claim's current outcome", () => {
  it("is none when nothing is on record: no event is never a default outcome", () => {
    expect(currentOutcome([])).toBeNull();
  });

  it("is the latest evidence among the machine's events", () => {
    const terminated = event({ id: 1, kind: "terminated", occurredOn: "2025-04-08" });
    const continued = event({ id: 2, kind: "continued", occurredOn: "2026-06-18" });
    expect(currentOutcome([continued, terminated])?.kind).toBe("continued");
  });

  it("is an editor's event over any machine's, even older evidence", () => {
    const editor = event({
      id: 1,
      kind: "terminated",
      recordedBy: "editor",
      occurredOn: "2025-04-08",
    });
    const job = event({ id: 2, kind: "reinstated", recordedBy: "job", occurredOn: "2025-12-10" });
    const ledger = event({
      id: 3,
      kind: "continued",
      recordedBy: "import",
      occurredOn: "2026-06-18",
    });
    expect(currentOutcome([job, editor, ledger])?.id).toBe(1);
  });

  it("ignores a retracted event, falling back to the next", () => {
    const editor = event({ id: 1, kind: "vacated", recordedBy: "editor", retracted: true });
    const job = event({ id: 2, kind: "terminated" });
    expect(currentOutcome([editor, job])?.id).toBe(2);
    expect(currentOutcome([editor])).toBeNull();
  });

  it("breaks a tie on the date by when the evidence was checked, then by the later row", () => {
    const a = event({ id: 1, asOf: "2026-07-30" });
    const b = event({ id: 2, asOf: "2026-08-20" });
    const c = event({ id: 3, asOf: "2026-08-20" });
    expect(currentOutcome([b, a])?.id).toBe(2);
    expect(currentOutcome([c, b])?.id).toBe(3);
  });
});

describe("divergence between claim and outcome", () => {
  it("follows the ledger's rule: grown money, then a later end date, then shrunk money", () => {
    expect(divergenceOf("grew", "extended")).toBe("claimed_but_grew");
    expect(divergenceOf("shrank", "extended")).toBe("claimed_but_extended");
    expect(divergenceOf("flat", "extended")).toBe("claimed_but_extended");
    expect(divergenceOf("shrank", "truncated")).toBe("claimed_and_shrank");
    expect(divergenceOf("flat", "unchanged")).toBe("consistent");
    expect(divergenceOf("flat", "truncated")).toBe("consistent");
  });

  it("is unknown when a trend that could change it was not measured", () => {
    expect(divergenceOf("grew", null)).toBe("claimed_but_grew");
    expect(divergenceOf("flat", null)).toBeNull();
    expect(divergenceOf("shrank", null)).toBeNull();
    expect(divergenceOf(null, "truncated")).toBeNull();
    expect(divergenceOf(null, "extended")).toBe("claimed_but_extended");
  });

  it("comes from the highest-ranked event that measured the award, not from a docket", () => {
    const ledger = event({ id: 1, amountTrend: "grew", endDateTrend: "extended" });
    const docket = event({
      id: 2,
      kind: "vacated",
      recordedBy: "editor",
      occurredOn: "2026-09-01",
    });
    expect(currentDivergence([ledger, docket])).toBe("claimed_but_grew");
    expect(currentDivergence([docket])).toBeNull();
  });
});

describe("a ledger row's outcome", () => {
  it("takes a person's status over the machine's, and 'listed' as no ruling", () => {
    expect(ledgerKind("reinstated", "naturally_expired", "flat", "unchanged")).toBe("reinstated");
    expect(ledgerKind("listed", "still_terminated", "shrank", "truncated")).toBe("terminated");
    expect(ledgerKind("listed", "naturally_expired", "flat", "unchanged")).toBe("expired");
  });

  it("records no outcome without evidence of one, but growth where the ledger saw it", () => {
    expect(ledgerKind("listed", "no_termination_signal", "flat", "unchanged")).toBeNull();
    expect(ledgerKind("listed", "needs_manual_review", null, null)).toBeNull();
    expect(ledgerKind("excluded_by_design", "still_terminated", "flat", "truncated")).toBeNull();
    expect(ledgerKind("listed", "no_termination_signal", "grew", "extended")).toBe("grew");
    expect(ledgerKind("listed", "no_termination_signal", "flat", "extended")).toBe("extended");
  });
});

describe("outcomes from an award's transactions", () => {
  // nasa-terminations-2026-08-11.csv: 80GSFC24CA024's termination for convenience; the ledger's
  // latest action on it, a supplemental agreement (its amount is not in the files).
  const termination = {
    modificationNumber: "P00007",
    actionDate: "2025-04-08",
    actionType: "F",
    actionTypeDescription: "TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL)",
    obligation: "-47238.13",
  };
  const supplemental = {
    modificationNumber: "P00013",
    actionDate: "2026-06-18",
    actionType: "B",
    actionTypeDescription: "SUPPLEMENTAL AGREEMENT FOR WORK WITHIN SCOPE",
    obligation: null,
  };

  it("reads a termination, then new work on the award, as terminated then continued", () => {
    const out = outcomesFromTransactions([supplemental, termination], "2025-01-20");
    expect(out.map((o) => [o.kind, o.occurredOn, o.transaction.modificationNumber])).toEqual([
      ["terminated", "2025-04-08", "P00007"],
      ["continued", "2026-06-18", "P00013"],
    ]);
    expect(out[1]?.amountTrend).toBeNull();
  });

  it("reads a termination its text calls partial as partially terminated", () => {
    const partial = {
      ...termination,
      description: "TERMINATION FOR CONVENIENCE AGREEMENT-PARTIAL- IV&V PROGRAM OFFICE",
    };
    expect(outcomesFromTransactions([partial], "2025-01-20")[0]?.kind).toBe("partially_terminated");
  });

  it("reads money put back after a termination as continued and grown", () => {
    const funding = { ...supplemental, actionType: "C", obligation: "153498" };
    const out = outcomesFromTransactions([termination, funding], "2025-01-20");
    expect(out[1]).toMatchObject({ kind: "continued", amountTrend: "grew" });
  });

  it("reads nothing into an administrative or money-taking action after a termination", () => {
    const admin = { ...supplemental, actionType: "M", obligation: "0" };
    const deobligation = { ...supplemental, actionType: "C", obligation: "-1737203.10" };
    expect(outcomesFromTransactions([termination, admin, deobligation], "2025-01-20")).toHaveLength(
      1,
    );
  });

  it("reads a close-out after a termination as closed out", () => {
    const closeout = { ...supplemental, actionType: "K", obligation: "-17980.80" };
    expect(
      outcomesFromTransactions([termination, closeout], "2025-01-20").map((o) => o.kind),
    ).toEqual(["terminated", "closed_out"]);
  });

  it("ignores what happened before the commission began, and new work with no termination", () => {
    expect(outcomesFromTransactions([termination], "2025-05-01")).toEqual([]);
    expect(outcomesFromTransactions([supplemental], "2025-01-20")).toEqual([]);
  });
});
