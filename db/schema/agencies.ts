import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns.ts";

/** USAspending toptier agencies, keyed by their toptier code ("012", "1601", …). */
export const agencies = pgTable("agencies", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  abbreviation: text("abbreviation"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The names a commission uses for an agency ("Department Of Education", "USAID", "HHS FDA").
 * `normalized` is the lookup key (see normalizeAgencyName); the table is extendable by editors.
 */
export const agencyAliases = pgTable(
  "agency_aliases",
  {
    normalized: text("normalized").primaryKey(),
    alias: text("alias").notNull(),
    agencyCode: text("agency_code")
      .notNull()
      .references(() => agencies.code),
    /** "seed", "editor:<key id>", … */
    origin: text("origin").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("agency_aliases_agency_idx").on(t.agencyCode)],
);
