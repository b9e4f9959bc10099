import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { createdAt, retraction, sources, updatedAt, version } from "./columns.ts";
import { commissions } from "./commissions.ts";

export const members = pgTable(
  "members",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commissionId: integer("commission_id")
      .notNull()
      .references(() => commissions.id),
    name: text("name").notNull(),
    role: text("role"),
    affiliation: text("affiliation"),
    appointedOn: date("appointed_on", { mode: "string" }),
    departedOn: date("departed_on", { mode: "string" }),
    /** Context a date alone cannot carry (e.g. "named publicly on …; start date not disclosed"). */
    notes: text("notes"),
    sources: sources(),
    version: version(),
    ...retraction(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("members_commission_idx").on(t.commissionId, t.id)],
);

/** Append-only history of members, like proposal_versions. */
export const memberVersions = pgTable(
  "member_versions",
  {
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => members.id),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    changedFields: jsonb("changed_fields")
      .$type<Record<string, { old: unknown; new: unknown }>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    actor: text("actor").notNull(),
    reason: text("reason"),
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.version] })],
);
