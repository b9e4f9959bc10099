import { sql } from "drizzle-orm";
import { integer, jsonb, numeric, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Money is `numeric` with no fixed scale, read and written as a decimal string: the sources
 * carry fractional cents in places, and a JS float must never hold an amount that gets summed.
 */
export const money = (name: string) => numeric(name, { mode: "string" });

export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow();
export const timestampTz = (name: string) =>
  timestamp(name, { withTimezone: true, mode: "string" });

/** Where a fact came from: every record carries its sources. */
export type Source = { url: string; title?: string; retrieved_at?: string; note?: string };
export const sources = () => jsonb("sources").$type<Source[]>().notNull().default(sql`'[]'::jsonb`);

/** Editable records carry a version for optimistic concurrency (ETag / If-Match). */
export const version = () => integer("version").notNull().default(1);

/** Deletes are soft: a retracted record stays readable with its reason. */
export const retraction = () => ({
  retractedAt: timestampTz("retracted_at"),
  retractionReason: text("retraction_reason"),
});

/** What an edit or a sync changed, field by field: `{ field: { old, new } }`. */
export type ChangedFields = Record<string, { old: unknown; new: unknown }>;

/**
 * The columns every append-only version table shares (proposal_versions, member_versions): the
 * record's version, its full snapshot, the fields that changed, who changed it and why. The
 * table adds its own foreign key (and proposal_versions its `observed_at`).
 */
export const versionColumns = () => ({
  version: integer("version").notNull(),
  snapshot: jsonb("snapshot").notNull(),
  changedFields: jsonb("changed_fields").$type<ChangedFields>().notNull().default(sql`'{}'::jsonb`),
  /** An API key id (`key:<id>`), a source (`source:doge`) or `cli`. */
  actor: text("actor").notNull(),
  reason: text("reason"),
  requestId: text("request_id"),
  /** When the row was written. */
  createdAt: createdAt(),
});
