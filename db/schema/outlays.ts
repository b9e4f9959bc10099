import { bigint, date, index, integer, jsonb, pgTable, text, unique } from "drizzle-orm/pg-core";
import { agencies } from "./agencies.ts";
import { money, timestampTz } from "./columns.ts";

/** Treasury Monthly Treasury Statement, table 5: outlays per agency line and month. */
export const agencyOutlays = pgTable(
  "agency_outlays",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    recordDate: date("record_date", { mode: "string" }).notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    fiscalMonth: integer("fiscal_month"),
    lineCode: text("line_code").notNull(),
    classificationId: text("classification_id"),
    parentId: text("parent_id"),
    classificationDesc: text("classification_desc").notNull(),
    sequenceLevel: integer("sequence_level"),
    agencyCode: text("agency_code").references(() => agencies.code),
    currentMonthNetOutlays: money("current_month_net_outlays"),
    currentFytdNetOutlays: money("current_fytd_net_outlays"),
    priorFytdNetOutlays: money("prior_fytd_net_outlays"),
    fetchedAt: timestampTz("fetched_at").notNull(),
    raw: jsonb("raw"),
  },
  (t) => [
    unique("agency_outlays_line_uq").on(t.recordDate, t.lineCode),
    index("agency_outlays_agency_idx").on(t.agencyCode, t.recordDate),
  ],
);
