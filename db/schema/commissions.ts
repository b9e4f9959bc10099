import { date, integer, pgTable, text } from "drizzle-orm/pg-core";
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
  version: version(),
  ...retraction(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
