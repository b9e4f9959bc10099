import Big from "big.js";

/**
 * What became of a claimed cut: the outcome kinds, which event is a claim's current outcome, the
 * divergence between claim and outcome, and the outcomes a USAspending transaction history shows.
 * Pure: no I/O. METHODOLOGY.md ("After the claim") says the same in prose.
 */

export const OUTCOME_KINDS = [
  "terminated",
  "partially_terminated",
  "descoped",
  "continued",
  "grew",
  "extended",
  "reinstated",
  "vacated",
  "closed_out",
  "expired",
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const DIVERGENCES = [
  "claimed_but_grew",
  "claimed_but_extended",
  "claimed_and_shrank",
  "consistent",
] as const;
export type Divergence = (typeof DIVERGENCES)[number];

export const OUTCOME_RECORDERS = ["job", "import", "editor"] as const;
export type OutcomeRecorder = (typeof OUTCOME_RECORDERS)[number];

/** A USAspending transaction, another tracker's ledger, a court docket. */
export const OUTCOME_EVIDENCE = ["transaction", "tracker_ledger", "court_docket"] as const;
export type OutcomeEvidence = (typeof OUTCOME_EVIDENCE)[number];

export type AmountTrend = "grew" | "shrank" | "flat";
export type EndDateTrend = "extended" | "truncated" | "unchanged";

/** The cut stuck (all or in part) / the money kept flowing. Kinds in neither group are apart. */
export const STILL_CUT: readonly OutcomeKind[] = [
  "terminated",
  "partially_terminated",
  "descoped",
  "closed_out",
  "expired",
];
export const NOT_CUT: readonly OutcomeKind[] = [
  "continued",
  "grew",
  "extended",
  "reinstated",
  "vacated",
];

export const OUTCOME_MEANING: Record<OutcomeKind, string> = {
  terminated:
    "The award was terminated (for convenience or default) and nothing was obligated after.",
  partially_terminated: "Part of the award was terminated; the rest continued.",
  descoped: "The award's scope was cut (e.g. one task removed) while the award went on.",
  continued: "New work or money was put on the award after its termination or claim.",
  grew: "The award's obligation grew after the claim, though no termination was rescinded.",
  extended: "The award's end date was moved out after the claim.",
  reinstated: "The termination was rescinded and the award is active again.",
  vacated: "A court set the termination aside.",
  closed_out: "The award ended early and was closed out.",
  expired: "The award ended on its own schedule: the claim cut nothing that was not ending.",
};

export const DIVERGENCE_MEANING: Record<Divergence, string> = {
  claimed_but_grew: "Claimed as a cut, but the award's obligation grew after the claim.",
  claimed_but_extended: "Claimed as a cut, but the award's end date moved out after the claim.",
  claimed_and_shrank: "Claimed as a cut, and the award's obligation shrank after the claim.",
  consistent: "The award's money and end date after the claim are consistent with a cut.",
};

/** An event as the precedence reads it. */
export type OutcomeEventInput = {
  id: number;
  kind: OutcomeKind;
  occurredOn: string | null;
  asOf: string;
  recordedBy: OutcomeRecorder;
  amountTrend: AmountTrend | null;
  endDateTrend: EndDateTrend | null;
  retracted: boolean;
};

/**
 * A claim's current outcome: an editor's event beats any machine's (the job's or an import's);
 * within a tier the most recent evidence wins (by its date, then when it was checked, then the
 * later row). Retracted events count for nothing. No events, no outcome: a failed look-up writes
 * no event, and a claim the records say nothing about stays without one (never "terminated" by
 * default).
 */
export function currentOutcome<E extends OutcomeEventInput>(events: readonly E[]): E | null {
  let best: E | null = null;
  for (const e of events) {
    if (e.retracted) continue;
    if (!best || outranks(e, best)) best = e;
  }
  return best;
}

function outranks(a: OutcomeEventInput, b: OutcomeEventInput): boolean {
  const tier = (e: OutcomeEventInput) => (e.recordedBy === "editor" ? 1 : 0);
  if (tier(a) !== tier(b)) return tier(a) > tier(b);
  const date = (e: OutcomeEventInput) => e.occurredOn ?? e.asOf;
  if (date(a) !== date(b)) return date(a) > date(b);
  if (a.asOf !== b.asOf) return a.asOf > b.asOf;
  return a.id > b.id;
}

/**
 * Claim against outcome, from the award's trends after the claim (the Planetary Society's rule):
 * grown money first, then a later end date, then shrunk money; consistent only when both trends
 * are known. Null when a trend that could change the answer is unknown.
 */
export function divergenceOf(
  amount: AmountTrend | null,
  endDate: EndDateTrend | null,
): Divergence | null {
  if (amount === "grew") return "claimed_but_grew";
  if (endDate === "extended") return "claimed_but_extended";
  if (endDate === null) return null;
  if (amount === "shrank") return "claimed_and_shrank";
  if (amount === null) return null;
  return "consistent";
}

/**
 * A claim's divergence: from the trends of the highest-ranked event that measured them (an event
 * without trends, such as a docket, says nothing about money or dates).
 */
export function currentDivergence(events: readonly OutcomeEventInput[]): Divergence | null {
  const measured = events.filter((e) => e.amountTrend !== null || e.endDateTrend !== null);
  const best = currentOutcome(measured);
  return best ? divergenceOf(best.amountTrend, best.endDateTrend) : null;
}

/** A transaction of an award, as the awards step stores it. */
export type OutcomeTransaction = {
  modificationNumber: string | null;
  actionDate: string | null;
  actionType: string | null;
  actionTypeDescription: string | null;
  /** Decimal string; null when the record gives none. */
  obligation: string | null;
  /** The action's own text: a partial termination says so ("…AGREEMENT-PARTIAL-…"). */
  description?: string | null;
};

export type DerivedOutcome<T extends OutcomeTransaction = OutcomeTransaction> = {
  kind: OutcomeKind;
  occurredOn: string;
  transaction: T;
  amountTrend: AmountTrend | null;
};

/** FPDS reason-for-modification codes: E default, F convenience, X cause. */
const TERMINATIONS = new Set(["E", "F", "X"]);
/** A: additional work, B: supplemental work within scope, G: an option exercised. */
const NEW_WORK = new Set(["A", "B", "G"]);
/** K: close out. */
const CLOSEOUT = new Set(["K"]);

/**
 * What an award's transactions say happened, from the commission's start on: each termination
 * (partial where its text says so; FPDS's code F is "complete or partial"), then what followed the last one (new work or money: `continued`; a close-out: `closed_out`).
 * An administrative or funding-only action that adds no money changes nothing, and so does a
 * transaction with no date. Amounts are compared as decimal strings, never summed as floats.
 */
export function outcomesFromTransactions<T extends OutcomeTransaction>(
  transactions: readonly T[],
  since: string,
): DerivedOutcome<T>[] {
  const dated = transactions
    .filter((t): t is T & { actionDate: string } => !!t.actionDate)
    .filter((t) => t.actionDate >= since)
    .sort((a, b) =>
      a.actionDate === b.actionDate ? modOrder(a, b) : a.actionDate < b.actionDate ? -1 : 1,
    );
  const out: DerivedOutcome<T>[] = [];
  let terminatedOn: string | null = null;
  for (const t of dated) {
    const type = (t.actionType ?? "").toUpperCase();
    if (TERMINATIONS.has(type)) {
      terminatedOn = t.actionDate;
      const kind = /\bPARTIAL\b/i.test(t.description ?? "") ? "partially_terminated" : "terminated";
      out.push({ kind, occurredOn: t.actionDate, transaction: t, amountTrend: null });
    } else if (terminatedOn !== null && CLOSEOUT.has(type)) {
      out.push({ kind: "closed_out", occurredOn: t.actionDate, transaction: t, amountTrend: null });
    } else if (terminatedOn !== null && (NEW_WORK.has(type) || isPositive(t.obligation))) {
      const amountTrend = isPositive(t.obligation) ? "grew" : null;
      out.push({ kind: "continued", occurredOn: t.actionDate, transaction: t, amountTrend });
      terminatedOn = null;
    }
  }
  return out;
}

function modOrder(a: OutcomeTransaction, b: OutcomeTransaction): number {
  return (a.modificationNumber ?? "").localeCompare(b.modificationNumber ?? "");
}

function isPositive(amount: string | null): boolean {
  return amount !== null && new Big(amount).gt(0);
}

/**
 * The Planetary Society ledger's status of an award, by its own precedence (a person's `Status`
 * beats the machine's `Auto Status`; `listed` means no person has ruled), as an outcome kind.
 * Null where the ledger has no evidence of an outcome: `no_termination_signal`,
 * `needs_manual_review`, `excluded_by_design` (terminated before the commission began).
 */
export function ledgerOutcome(status: string, autoStatus: string): OutcomeKind | null {
  const ruled = status && status !== "listed" ? status : autoStatus;
  return LEDGER_STATUS[ruled] ?? null;
}

/**
 * The outcome a ledger row records: its status, else what its trends show (the award grew, or
 * its end date moved out, after the claim). A row with neither records no outcome.
 */
export function ledgerKind(
  status: string,
  autoStatus: string,
  amountTrend: AmountTrend | null,
  endDateTrend: EndDateTrend | null,
): OutcomeKind | null {
  const kind = ledgerOutcome(status, autoStatus);
  if (kind) return kind;
  if (amountTrend === "grew") return "grew";
  if (endDateTrend === "extended") return "extended";
  return null;
}

const LEDGER_STATUS: Record<string, OutcomeKind> = {
  still_terminated: "terminated",
  naturally_expired: "expired",
  continued: "continued",
  reinstated: "reinstated",
  descoped: "descoped",
  vacated: "vacated",
  closed_out: "closed_out",
};
