import { bigint, boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.ts";
import { commissions } from "./commissions.ts";
import { proposalKind } from "./enums.ts";

/**
 * Every list of a commission's claims that was synced (an API fetch, an archived capture, an
 * importer file), when the source showed it and whether it is known to hold every receipt the
 * source listed then. Only a complete list removes claims; a partial one (a page scrape, a
 * capture that keeps every row ever scraped) adds and edits, and `partial` says why. Freshness
 * per kind and "removals known up to" are read from here.
 */
export const sourceLists = pgTable(
  "source_lists",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commissionId: integer("commission_id")
      .notNull()
      .references(() => commissions.id, { onDelete: "cascade" }),
    kind: proposalKind("kind").notNull(),
    /** When the source showed this list (its scrape or capture time, a fetch's time). */
    observedAt: timestampTz("observed_at").notNull(),
    complete: boolean("complete").notNull(),
    /** Why the list is not known to be complete; null for a complete list. */
    partial: text("partial"),
    /** The file or URL it was read from. */
    title: text("title"),
    receipts: integer("receipts").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("source_lists_kind_idx").on(t.commissionId, t.kind, t.observedAt)],
);
