import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { agencies } from "./agencies.ts";
import { createdAt, retraction, sources, updatedAt, version, versionColumns } from "./columns.ts";
import { commissions } from "./commissions.ts";
import { datePrecision } from "./enums.ts";

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
    /** The person's id in the roster they were loaded from (data/members/), for reloads. */
    rosterSlug: text("roster_slug"),
    sources: sources(),
    version: version(),
    ...retraction(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("members_commission_idx").on(t.commissionId, t.id),
    uniqueIndex("members_roster_slug_uq").on(t.commissionId, t.rosterSlug),
  ],
);

/**
 * Where a member was reported posted: an agency, a title and type, from and to, each date with
 * its precision as the report gives it (a day, about a day, a month only, not reported: never a
 * made-up day), and the report it comes from. A posting belongs to its member's record: a change
 * to it is a version of the member.
 */
export const memberPostings = pgTable(
  "member_postings",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => members.id),
    /** The agency as the roster names it ("CMS"), and its name there. */
    agencyRef: text("agency_ref").notNull(),
    agencyName: text("agency_name").notNull(),
    /** The cutwatch agency it falls under (its own or its parent's, "CMS" → HHS); null if none. */
    agencyCode: text("agency_code").references(() => agencies.code),
    title: text("title"),
    /** As the report says: appointed, detailed, internal, consultant, unknown. */
    postingType: text("posting_type"),
    startOn: date("start_on", { mode: "string" }),
    startPrecision: datePrecision("start_precision").notNull().default("unknown"),
    endOn: date("end_on", { mode: "string" }),
    endPrecision: datePrecision("end_precision").notNull().default("unknown"),
    sourceUrl: text("source_url").notNull(),
    sourceNote: text("source_note"),
    /** A retracted posting stays on the member's record, with why; it is placed nowhere. */
    ...retraction(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("member_postings_member_idx").on(t.memberId),
    index("member_postings_agency_idx").on(t.agencyCode, t.startOn),
  ],
);

/** Append-only history of members, like proposal_versions. */
export const memberVersions = pgTable(
  "member_versions",
  {
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => members.id),
    ...versionColumns(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.version] })],
);
