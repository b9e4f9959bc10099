import { bigint, index, integer, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, money, retraction, updatedAt, version, versionColumns } from "./columns.ts";
import { commissions } from "./commissions.ts";

/**
 * What others found when they checked a commission's claims ("assessments by others", served as
 * /v1/assessments): a newsroom's, an auditor's, a think tank's or an analyst's published check,
 * or the commission's own report (`self_reported`). Each is its author's finding, with its date,
 * scope and source: never summed into this project's figures, and its amounts are in its own
 * currency. Not to be confused with `assessments`, this project's own verdict per claim.
 */
export const assessorKind = pgEnum("assessor_kind", [
  "press",
  "auditor",
  "think_tank",
  "analyst",
  "self_reported",
  /** The government a commission's audit was about, answering it. */
  "audited_party",
]);

export const outsideAssessments = pgTable(
  "outside_assessments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commissionId: integer("commission_id")
      .notNull()
      .references(() => commissions.id),
    assessor: text("assessor").notNull(),
    assessorKind: assessorKind("assessor_kind").notNull(),
    /** As precise as the source is: YYYY-MM-DD, YYYY-MM or YYYY (sorts as text). */
    publishedOn: text("published_on"),
    /** What was checked ("1125 contracts on DOGE's list"). */
    scope: text("scope").notNull(),
    /** The claim the assessor checked, as the assessor gives it; null where it gave none. */
    claimed: money("claimed"),
    /** What that claimed figure is ("total claimed", "annual savings claimed"). */
    claimedBasis: text("claimed_basis"),
    assessedLow: money("assessed_low"),
    assessedHigh: money("assessed_high"),
    /** ISO 4217: amounts of two currencies are never added or compared. */
    currency: text("currency").notNull(),
    finding: text("finding").notNull(),
    sourceUrl: text("source_url").notNull(),
    /** Whether the URL is the publisher's own page or a reprint of it ("reprint of NPR"). */
    sourceKind: text("source_kind"),
    version: version(),
    ...retraction(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("outside_assessments_commission_idx").on(t.commissionId)],
);

/** Every version of an assessment by others, as every editable record keeps one. */
export const outsideAssessmentVersions = pgTable(
  "outside_assessment_versions",
  {
    assessmentId: bigint("assessment_id", { mode: "number" })
      .notNull()
      .references(() => outsideAssessments.id),
    ...versionColumns(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.version] })],
);

/**
 * A published estimate of what a commission's actions cost (paid leave, rehiring, lost revenue):
 * its estimator's figure, with the period and source, never netted against savings as a fact.
 */
export const costEstimates = pgTable(
  "cost_estimates",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commissionId: integer("commission_id")
      .notNull()
      .references(() => commissions.id),
    estimator: text("estimator").notNull(),
    /** legislative staff, think tank, university research, auditor: as the file says. */
    estimatorKind: text("estimator_kind").notNull(),
    /** As precise as the source is: YYYY-MM-DD, YYYY-MM or YYYY. */
    publishedOn: text("published_on"),
    /** What cost is estimated ("deferred resignation and administrative leave"). */
    cost: text("cost").notNull(),
    low: money("low"),
    high: money("high"),
    currency: text("currency").notNull(),
    period: text("period"),
    /** The estimator's own account of the figure. */
    what: text("what"),
    sourceUrl: text("source_url").notNull(),
    sourceKind: text("source_kind"),
    createdAt: createdAt(),
  },
  (t) => [index("cost_estimates_commission_idx").on(t.commissionId)],
);
