import { date, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, retraction, sources, updatedAt, version } from "./columns.ts";

export const commissions = pgTable("commissions", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  jurisdiction: text("jurisdiction").notNull(),
  establishedOn: date("established_on", { mode: "string" }),
  /** The end its charter sets, which may differ from when it actually stopped. */
  scheduledEndOn: date("scheduled_end_on", { mode: "string" }),
  dissolvedOn: date("dissolved_on", { mode: "string" }),
  mandate: text("mandate"),
  sources: sources(),
  /**
   * When the source last showed a change to any of its lists (the newest `observed_at` of a
   * `source:` version of its claims). Kept by a trigger on proposal_versions (the custom
   * migration `hardening-triggers`), so a read never scans every version.
   */
  listsLastChangedAt: timestamp("lists_last_changed_at", { withTimezone: true, mode: "string" }),
  version: version(),
  ...retraction(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Every slug a commission holds or held (the register; its former slugs are the rows other than
 * its current one). A slug is an identifier others link to: an old one keeps answering (a 308 to
 * the new URL for the commission itself; the same rows for a `commission=` filter), and the
 * primary key keeps any other commission from taking it. A trigger (the custom migration
 * `hardening-triggers`) registers each slug a commission is given, on every path.
 * `renamed_at`: when the slug began naming the commission.
 */
export const commissionSlugs = pgTable("commission_slugs", {
  slug: text("slug").primaryKey(),
  commissionId: integer("commission_id")
    .notNull()
    .references(() => commissions.id, { onDelete: "cascade" }),
  renamedAt: timestamp("renamed_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});
