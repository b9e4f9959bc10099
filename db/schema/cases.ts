import { bigint, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { agencies } from "./agencies.ts";
import { createdAt, sources } from "./columns.ts";
import { commissions } from "./commissions.ts";

/** A lawsuit about a commission's actions, as a public compilation lists it (docket, court link). */
export const cases = pgTable("cases", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  commissionId: integer("commission_id")
    .notNull()
    .references(() => commissions.id),
  /** The court's docket number, e.g. `1:25-cv-00429`. */
  docket: text("docket").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  filedOn: date("filed_on", { mode: "string" }),
  /** As the compilation gives it (`closed`); null where it says nothing. */
  status: text("status"),
  /** The docket on CourtListener. */
  url: text("url").notNull(),
  sources: sources(),
  createdAt: createdAt(),
});

/** The agencies a case names: cutwatch's toptier code, and the compilation's own id for it. */
export const caseAgencies = pgTable(
  "case_agencies",
  {
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id),
    /** The compilation's id (`OPM`, `FEMA`, `DOGE`). */
    agencyId: text("agency_id").notNull(),
    /** The toptier agency it is or belongs to; null when cutwatch has none (DOGE itself). */
    agencyCode: text("agency_code").references(() => agencies.code),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.agencyId] }),
    index("case_agencies_agency_idx").on(t.agencyCode),
  ],
);
