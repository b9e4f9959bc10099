import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { agencies } from "./agencies.ts";
import {
  createdAt,
  money,
  retraction,
  sources,
  timestampTz,
  updatedAt,
  version,
  versionColumns,
} from "./columns.ts";
import { commissions } from "./commissions.ts";
import { proposalKind, proposalStatus } from "./enums.ts";

/**
 * The USAspending award behind a proposal (`alias.` before each column, none in an index): its
 * own `award_id` (grants), or for a contract the generated key USAspending builds from the FPDS
 * identifiers, `CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>` (`-NONE-` for a missing
 * part). One expression for the queries and the index on it, so the planner matches the two.
 */
export const awardKeyOf = (alias?: string) => {
  const c = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  return sql<string | null>`(case
    when ${c("kind")} = 'contract' and ${c("piid")} is not null and ${c("contracting_agency_id")} is not null
      then 'CONT_AWD_' || ${c("piid")} || '_' || ${c("contracting_agency_id")} || '_' ||
        coalesce(${c("parent_piid")}, '-NONE-') || '_' || coalesce(${c("parent_agency_id")}, '-NONE-')
    else ${c("award_id")} end)`;
};

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** A cut the commission claimed or proposed. One row per natural key (see worker/jobs/doge/receipts.ts). */
export const proposals = pgTable(
  "proposals",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    commissionId: integer("commission_id")
      .notNull()
      .references(() => commissions.id),
    kind: proposalKind("kind").notNull(),
    /** Stable identity of the claim at its source, e.g. `contract:fpds:6800:68HERH25F0052:-:68HERH22A0023`. */
    naturalKey: text("natural_key").notNull(),
    /**
     * Keys the claim was listed under before: the same award whose identifiers a list wrote
     * otherwise (worker/jobs/doge/identity.ts), oldest first.
     */
    formerKeys: text("former_keys").array().notNull().default(sql`'{}'::text[]`),
    /** The agency name exactly as the source wrote it; `agencyCode` is set once it is matched. */
    agencyName: text("agency_name"),
    agencyCode: text("agency_code").references(() => agencies.code),
    title: text("title").notNull(),
    description: text("description"),
    recipient: text("recipient"),
    // Identifiers of the budget record behind the claim.
    piid: text("piid"),
    contractingAgencyId: text("contracting_agency_id"),
    parentPiid: text("parent_piid"),
    parentAgencyId: text("parent_agency_id"),
    modNumber: text("mod_number"),
    fain: text("fain"),
    /** USAspending `generated_unique_award_id` (CONT_AWD_…, ASST_NON_…). */
    awardId: text("award_id"),
    leaseLocation: text("lease_location"),
    leaseSqFt: integer("lease_sq_ft"),
    /** What the source claims was saved; for a counted group, the sum over its receipts. */
    claimedSavings: money("claimed_savings"),
    claimedValue: money("claimed_value"),
    claimDate: date("claim_date", { mode: "string" }),
    status: proposalStatus("status").notNull().default("announced"),
    /** Identical receipts that cannot be told apart are one row with a count. */
    receiptCount: integer("receipt_count").notNull().default(1),
    /** A pool of unidentified receipts: its receipts and claims by claim date; null otherwise. */
    receiptDates:
      jsonb("receipt_dates").$type<Record<string, { receipts: number; savings: string }>>(),
    /** "doge" for receipts pulled from the commission, "editor" for hand-entered ones. */
    source: text("source").notNull(),
    sourceUrl: text("source_url"),
    /** The source's own status text, e.g. FPDS "TERMINATED". */
    sourceStatus: text("source_status"),
    sources: sources(),
    firstSeenAt: timestampTz("first_seen_at").notNull().defaultNow(),
    lastSeenAt: timestampTz("last_seen_at").notNull().defaultNow(),
    removedFromSourceAt: timestampTz("removed_from_source_at"),
    version: version(),
    ...retraction(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(recipient, ''))`,
    ),
  },
  (t) => [
    unique("proposals_natural_key_uq").on(t.commissionId, t.naturalKey),
    // Each sort reads its page from an index in both directions. Lists sort nulls last both
    // ways: an ascending index read backwards gives DESC NULLS FIRST, so descending sorts have
    // their own (without them a sorted page is a scan and sort of every matching row).
    index("proposals_claim_date_idx").on(t.claimDate, t.id),
    index("proposals_claim_date_desc_idx").on(
      t.claimDate.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    index("proposals_claimed_savings_idx").on(t.claimedSavings, t.id),
    index("proposals_claimed_savings_desc_idx").on(
      t.claimedSavings.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    index("proposals_first_seen_idx").on(t.firstSeenAt, t.id),
    index("proposals_first_seen_desc_idx").on(
      t.firstSeenAt.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    index("proposals_commission_kind_idx").on(t.commissionId, t.kind, t.id),
    index("proposals_agency_code_idx").on(t.agencyCode, t.id),
    index("proposals_agency_name_idx").on(t.agencyName, t.id),
    index("proposals_agency_name_desc_idx").on(
      t.agencyName.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    index("proposals_piid_idx").on(t.piid),
    index("proposals_fain_idx").on(t.fain),
    index("proposals_award_id_idx").on(t.awardId),
    // Claims of one award, and the orders under a vehicle: the claims whose assessment a
    // change to another claim can move (its duplicates), found without reading every claim.
    index("proposals_award_key_idx").on(awardKeyOf()),
    index("proposals_parent_piid_idx").on(t.parentPiid),
    index("proposals_removed_idx").on(t.removedFromSourceAt),
    index("proposals_search_idx").using("gin", t.search),
  ],
);

/** Append-only: every change to a proposal, from an editor or from the source, is a new row. */
export const proposalVersions = pgTable(
  "proposal_versions",
  {
    proposalId: bigint("proposal_id", { mode: "number" })
      .notNull()
      .references(() => proposals.id),
    ...versionColumns(),
    /**
     * When the change happened as far as anyone can know: when the source showed it (a
     * snapshot's capture time, a live fetch's time) or when an editor saved it. Histories, the
     * change log and the feeds are dated and ordered by it.
     */
    observedAt: timestamp("observed_at", { withTimezone: true, mode: "string" })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.version] }),
    index("proposal_versions_created_idx").on(t.createdAt),
    index("proposal_versions_observed_idx").on(t.observedAt, t.proposalId, t.version),
  ],
);

/**
 * What the source said last about a source-backed proposal, field by field (the sync's draft
 * fields, keyed as in TypeScript). A sync compares the source with this, not with the live row:
 * a field the source did not change keeps whatever an editor set, and a field where the live row
 * differs from it is an editor's correction, which a source change does not overwrite.
 */
export const proposalSourceValues = pgTable("proposal_source_values", {
  proposalId: bigint("proposal_id", { mode: "number" })
    .primaryKey()
    .references(() => proposals.id),
  values: jsonb("values").$type<Record<string, unknown>>().notNull(),
  updatedAt: updatedAt(),
});
