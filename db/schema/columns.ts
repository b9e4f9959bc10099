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
