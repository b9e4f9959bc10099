import { bigint, date, index, pgTable, text, unique } from "drizzle-orm/pg-core";
import type {
  AmountTrend,
  Divergence,
  EndDateTrend,
  OutcomeEvidence,
  OutcomeKind,
  OutcomeRecorder,
} from "../../worker/savings/outcomes.ts";
import { createdAt, money, retraction, timestampTz } from "./columns.ts";
import { proposals } from "./proposals.ts";

/**
 * What became of a claimed cut after the claim, one dated event per piece of evidence: a
 * USAspending transaction (with its modification number and action type), another tracker's
 * ledger (named by `sourceName`), a court docket. Append-only: a new finding is a new row, a
 * wrong one is retracted with its reason and stays readable, so the events are their own history.
 * worker/savings/outcomes.ts says which event is a claim's current outcome.
 */
export const outcomeEvents = pgTable(
  "outcome_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    proposalId: bigint("proposal_id", { mode: "number" })
      .notNull()
      .references(() => proposals.id),
    kind: text("kind").$type<OutcomeKind>().notNull(),
    /** When it happened (the action date, the ledger's dated evidence, the docket entry). */
    occurredOn: date("occurred_on", { mode: "string" }),
    /** When the evidence was read or checked (a ledger's verification date, a job's fetch). */
    asOf: date("as_of", { mode: "string" }).notNull(),
    evidence: text("evidence").$type<OutcomeEvidence>().notNull(),
    recordedBy: text("recorded_by").$type<OutcomeRecorder>().notNull(),
    /** An API key (`key:<id>`), the job (`job:outcomes`) or an import (`import:<file>`). */
    actor: text("actor").notNull(),
    /** Who says so, e.g. "The Planetary Society NASA cancellations tracker" or "USAspending". */
    sourceName: text("source_name").notNull(),
    sourceUrl: text("source_url").notNull(),
    modificationNumber: text("modification_number"),
    actionType: text("action_type"),
    actionTypeDescription: text("action_type_description"),
    /** The action's obligation (negative: money taken back); null when the evidence gives none. */
    obligation: money("obligation"),
    docket: text("docket"),
    /** The award's obligation and end date as the evidence measured them against the claim. */
    amountTrend: text("amount_trend").$type<AmountTrend>(),
    endDateTrend: text("end_date_trend").$type<EndDateTrend>(),
    /** The evidence's own reading of claim against outcome, where it states one (a ledger). */
    statedDivergence: text("stated_divergence").$type<Divergence>(),
    detail: text("detail"),
    /** One event per piece of evidence: re-importing or re-deriving it writes nothing new. */
    evidenceKey: text("evidence_key").notNull(),
    requestId: text("request_id"),
    ...retraction(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("outcome_events_evidence_uq").on(t.proposalId, t.evidenceKey),
    index("outcome_events_created_idx").on(t.createdAt, t.id),
  ],
);

/**
 * A claim's current outcome and divergence, derived from its unretracted events by the
 * precedence of worker/savings/outcomes.ts and rewritten whenever they change. Derived like a
 * place, never edited; a claim without a row has no outcome on record.
 */
export const proposalOutcomes = pgTable(
  "proposal_outcomes",
  {
    proposalId: bigint("proposal_id", { mode: "number" })
      .primaryKey()
      .references(() => proposals.id),
    outcome: text("outcome").$type<OutcomeKind>(),
    outcomeEventId: bigint("outcome_event_id", { mode: "number" }).references(
      () => outcomeEvents.id,
    ),
    outcomeOn: date("outcome_on", { mode: "string" }),
    divergence: text("divergence").$type<Divergence>(),
    derivedAt: timestampTz("derived_at").notNull().defaultNow(),
  },
  (t) => [
    index("proposal_outcomes_outcome_idx").on(t.outcome, t.proposalId),
    index("proposal_outcomes_divergence_idx").on(t.divergence, t.proposalId),
  ],
);
