import { bigint, date, index, integer, jsonb, pgTable, text, unique } from "drizzle-orm/pg-core";
import { money, timestampTz } from "./columns.ts";

/** The budget record behind a proposal, as USAspending / FPDS report it. */
export const awards = pgTable(
  "awards",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** USAspending `generated_unique_award_id`; proposals join on it through `award_id`. */
    awardId: text("award_id").notNull().unique(),
    /** "found", or "not_found" when USAspending has no such award (asked again when stale). */
    status: text("status").notNull().default("found"),
    category: text("category"),
    piid: text("piid"),
    fain: text("fain"),
    parentPiid: text("parent_piid"),
    awardingAgencyCode: text("awarding_agency_code"),
    recipient: text("recipient"),
    totalObligation: money("total_obligation"),
    baseExercisedOptions: money("base_exercised_options"),
    baseAndAllOptions: money("base_and_all_options"),
    totalOutlay: money("total_outlay"),
    periodStart: date("period_start", { mode: "string" }),
    periodEnd: date("period_end", { mode: "string" }),
    fetchedAt: timestampTz("fetched_at").notNull(),
    raw: jsonb("raw"),
  },
  (t) => [
    index("awards_piid_idx").on(t.piid),
    index("awards_fain_idx").on(t.fain),
    index("awards_fetched_idx").on(t.fetchedAt),
  ],
);

/** Modifications of an award; a negative obligation is a deobligation. */
export const awardTransactions = pgTable(
  "award_transactions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    awardPk: bigint("award_pk", { mode: "number" })
      .notNull()
      .references(() => awards.id, { onDelete: "cascade" }),
    /** USAspending's transaction id. */
    transactionKey: text("transaction_key").notNull(),
    modificationNumber: text("modification_number"),
    actionDate: date("action_date", { mode: "string" }),
    actionType: text("action_type"),
    actionTypeDescription: text("action_type_description"),
    federalActionObligation: money("federal_action_obligation"),
    /**
     * The action's change to the base-and-all-options value (the ceiling), where the record gives
     * it (archived FPDS records do; USAspending's transactions do not): the commission's measure.
     */
    ceilingChange: money("ceiling_change"),
    description: text("description"),
    raw: jsonb("raw"),
  },
  (t) => [
    unique("award_transactions_key_uq").on(t.awardPk, t.transactionKey),
    index("award_transactions_date_idx").on(t.awardPk, t.actionDate),
  ],
);

/**
 * Lookups of an award that are queued or went wrong. The evidence itself (`awards`) is never
 * touched by a failure: this row says why an award has no fresh record, and until when the job
 * leaves it alone. A successful lookup deletes the row in the transaction that stores the award.
 */
export const awardLookups = pgTable(
  "award_lookups",
  {
    /** The key claims join on (`awards.award_id`); the award need not be stored yet. */
    awardId: text("award_id").primaryKey(),
    /** Failed attempts since the last success (queue retries included). */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    lastAttemptAt: timestampTz("last_attempt_at"),
    /** When the job gave up on it for now (inline failure, or its message was dead-lettered). */
    failedAt: timestampTz("failed_at"),
    /** When it was last sent to the queue of award lookups. */
    queuedAt: timestampTz("queued_at"),
    /** The job does not pick it again before this time (a backoff, or a queued message's lease). */
    retryAt: timestampTz("retry_at"),
  },
  (t) => [index("award_lookups_retry_idx").on(t.retryAt)],
);
