import { bigint, bigserial, pgTable } from "drizzle-orm/pg-core";
import { timestampTz } from "./columns.ts";

/**
 * The claims whose assessment inputs changed since the assess step last ran: the claim itself,
 * its source values, its award record or its commission's start. Filled in the writing
 * transaction by triggers (migration `claim-change-triggers`), so every writer (the sync, the
 * award lookups, editors, imports) records its changes and none can forget; emptied by the
 * assess step once it has re-assessed and re-placed them. One row per claim: a claim changed
 * again takes a new `seq`, so a pass deletes only the changes it read (`seq` up to its mark).
 */
export const claimChanges = pgTable("claim_changes", {
  proposalId: bigint("proposal_id", { mode: "number" }).primaryKey(),
  seq: bigserial("seq", { mode: "number" }).notNull(),
  changedAt: timestampTz("changed_at").notNull().defaultNow(),
});
