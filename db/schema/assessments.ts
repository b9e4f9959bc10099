import { bigint, boolean, date, index, jsonb, pgTable, text, unique } from "drizzle-orm/pg-core";
import { money, timestampTz } from "./columns.ts";
import { assessmentStatus } from "./enums.ts";
import { proposals } from "./proposals.ts";

/** Claimed against actual, per proposal and methodology version; old versions are kept. */
export const assessments = pgTable(
  "assessments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    proposalId: bigint("proposal_id", { mode: "number" })
      .notNull()
      .references(() => proposals.id),
    methodologyVersion: text("methodology_version").notNull(),
    claimed: money("claimed"),
    verifiedLow: money("verified_low"),
    verifiedHigh: money("verified_high"),
    /** Unexercised options: reported apart, never summed into savings. */
    potentialAvoided: money("potential_avoided"),
    /** The commission's own measure: ceiling reductions on record. Never summed into verified. */
    ceilingCut: money("ceiling_cut"),
    status: assessmentStatus("status").notNull(),
    duplicateOf: bigint("duplicate_of", { mode: "number" }).references(() => proposals.id),
    evidence: jsonb("evidence").notNull(),
    /** Version 3: the newest action date of the record the verdict rests on. */
    recordDate: date("record_date", { mode: "string" }),
    /** Version 3: that record is older than the claim, so it cannot show the claimed cut. */
    recordPredatesClaim: boolean("record_predates_claim"),
    computedAt: timestampTz("computed_at").notNull().defaultNow(),
  },
  (t) => [
    unique("assessments_proposal_version_uq").on(t.proposalId, t.methodologyVersion),
    index("assessments_version_status_idx").on(t.methodologyVersion, t.status),
  ],
);
