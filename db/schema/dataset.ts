import { pgTable, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * This database's identity: one row, made when the database is first migrated (the custom
 * migration `hardening-triggers` inserts it). A snapshot in object storage is stamped with
 * it, and the full export serves a snapshot only when the stamp is this database's: a bucket
 * shared with another database, or kept across a re-seed, never passes off another dataset.
 */
export const datasetIdentity = pgTable("dataset_identity", {
  id: uuid("id").primaryKey().defaultRandom(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});
