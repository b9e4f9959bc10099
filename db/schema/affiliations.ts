import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { createdAt, money, retraction, timestampTz, updatedAt } from "./columns.ts";
import { datePrecision } from "./enums.ts";
import { members } from "./members.ts";

/**
 * An organisation a member is reported tied to (an employer, a company they own or lead), only
 * as the cited public report says it: no ages, no contact data, no labels of our own. It may name
 * the federal award recipient it corresponds to (a UEI and/or a recipient name), whose awards
 * the job then looks up. Like a posting it belongs to its member's record: a change to it is a
 * version of the member.
 */
export const memberAffiliations = pgTable(
  "member_affiliations",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint("member_id", { mode: "number" })
      .notNull()
      .references(() => members.id),
    organization: text("organization").notNull(),
    /** employer, owner, leader: what the report says the tie is. */
    relation: text("relation").notNull(),
    /** The member's title there, as the report gives it ("CEO"). */
    title: text("title"),
    startOn: date("start_on", { mode: "string" }),
    startPrecision: datePrecision("start_precision").notNull().default("unknown"),
    endOn: date("end_on", { mode: "string" }),
    endPrecision: datePrecision("end_precision").notNull().default("unknown"),
    /** The federal award recipient the organisation is, as USAspending knows it. */
    recipientUei: text("recipient_uei"),
    recipientName: text("recipient_name"),
    sourceUrl: text("source_url").notNull(),
    ...retraction(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("member_affiliations_member_idx").on(t.memberId)],
);

/**
 * The job's last lookup of an affiliation's recipient in USAspending's award search: what was
 * searched, when, where the answer came from (`usaspending`, or `stand-in` when the upstream said
 * it is a local stand-in), and the failure since, if any. A failed lookup touches only the
 * failure columns: the awards found before stay as they were.
 */
export const recipientAwardSearches = pgTable("recipient_award_searches", {
  affiliationId: bigint("affiliation_id", { mode: "number" })
    .primaryKey()
    .references(() => memberAffiliations.id),
  /** `uei` or `name`: which of the affiliation's recipient fields was searched. */
  searchedBy: text("searched_by"),
  searchedText: text("searched_text"),
  fetchedAt: timestampTz("fetched_at"),
  /** The search endpoint asked (its base URL is configuration). */
  sourceUrl: text("source_url"),
  /** `usaspending`, or `stand-in` (the upstream marked its answer so). */
  source: text("source"),
  /** The stand-in's own account of where its records come from. */
  sourceNote: text("source_note"),
  /** False when USAspending had more awards than the job lists (the largest are kept). */
  complete: boolean("complete"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  lastAttemptAt: timestampTz("last_attempt_at"),
  /** The job does not look this recipient up again before this time (a failure's backoff). */
  retryAt: timestampTz("retry_at"),
});

/** The awards the last successful search found for an affiliation's recipient. */
export const recipientAwards = pgTable(
  "recipient_awards",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    affiliationId: bigint("affiliation_id", { mode: "number" })
      .notNull()
      .references(() => recipientAwardSearches.affiliationId, { onDelete: "cascade" }),
    /** USAspending `generated_internal_id`. */
    awardId: text("award_id").notNull(),
    /** The PIID or FAIN (the search's "Award ID"). */
    awardKey: text("award_key"),
    /** contracts, idvs, grants: the award type group searched. */
    typeGroup: text("type_group").notNull(),
    recipientName: text("recipient_name"),
    recipientUei: text("recipient_uei"),
    awardingAgency: text("awarding_agency"),
    amount: money("amount"),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    raw: jsonb("raw"),
  },
  (t) => [
    unique("recipient_awards_uq").on(t.affiliationId, t.awardId),
    index("recipient_awards_affiliation_idx").on(t.affiliationId),
  ],
);
