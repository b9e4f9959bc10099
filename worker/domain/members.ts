import type { Db, Tx } from "../../db/client.ts";
import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import { listMemberVersions } from "../../db/queries/history.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import {
  countMembers,
  getMember,
  listMembers,
  type MemberFilters,
  type MemberRow,
  type MemberSort,
} from "../../db/queries/members.ts";
import {
  type PostingRow,
  postingsAtAgency,
  postingsNear,
  postingsOf,
} from "../../db/queries/postings.ts";
import { type MemberRowFull, memberTable } from "../../db/queries/versioned.ts";
import type { members } from "../../db/schema/index.ts";
import { type ApproxDate, approxDateText } from "../lib/approx-date.ts";
import { type ApiRecord, fromApi, isoTimestamp, listedRecord } from "../lib/serialize.ts";
import { type AffiliationRecord, affiliationRecords } from "./affiliations.ts";
import { commissionIdOf, type VersionedResource } from "./versioned.ts";

/** A posting as the API gives it (routes/members/schema.ts PostingSchema describes it). */
export type PostingRecord = {
  id: number;
  agency: string;
  agency_name: string;
  agency_code: string | null;
  title: string | null;
  type: string | null;
  start_on: string | null;
  start_precision: PostingRow["startPrecision"];
  end_on: string | null;
  end_precision: PostingRow["endPrecision"];
  dates: string;
  source: { url: string; note: string | null };
  retracted_at: string | null;
  retraction_reason: string | null;
};

export type MemberWithPostings = ApiRecord<Omit<MemberRow, "sortValue">> & {
  postings: PostingRecord[];
  affiliations: AffiliationRecord[];
};

/** The member read model: a member's record with its postings, as the API and the pages show it. */
export async function memberRecords(db: Db, rows: MemberRow[]): Promise<MemberWithPostings[]> {
  const ids = rows.map((r) => r.id);
  const postings = await postingsOf(db, ids);
  const affiliations = await affiliationRecords(db, ids);
  return rows.map((row) => ({
    ...listedRecord(row),
    postings: postings.filter((p) => p.memberId === row.id).map(postingRecord),
    affiliations: affiliations.get(row.id) ?? [],
  }));
}

/** One member as the API shows it; undefined when there is none. */
export async function memberRecord(
  db: Db | Tx,
  id: number,
): Promise<MemberWithPostings | undefined> {
  const row = await getMember(db, id);
  return row && (await memberRecords(db, [row]))[0];
}

/** How members are read as a list: each page's members with their postings. */
export function memberListSpec(
  db: Db,
  filters: MemberFilters,
  sort: { name: MemberSort; desc: boolean },
) {
  return {
    page: async (after: KeysetPosition | undefined, limit: number) => {
      const rows = await listMembers(db, {
        filters,
        sort: sort.name,
        desc: sort.desc,
        after,
        limit,
      });
      const records = await memberRecords(db, rows);
      return rows.map((row, i) => ({ ...row, record: records[i] as MemberWithPostings }));
    },
    position: (row: MemberRow) => ({ value: row.sortValue, key: row.id }),
    record: (row: { record: MemberWithPostings }) => row.record,
    total: () => countMembers(db, filters),
  };
}

type Body = Record<string, unknown>;
type NewMember = typeof members.$inferInsert;

/** Editors add, correct and retract members; each change is a member version. */
export const memberWrites: VersionedResource<MemberRowFull, NewMember, Body> = {
  table: memberTable,
  toInsert: async (tx, { commission, reason: _reason, ...fields }) => ({
    ...(fromApi(fields) as Omit<NewMember, "commissionId">),
    commissionId: await commissionIdOf(tx, commission as string, commissionIdBySlug),
  }),
  read: memberRecord,
  locate: (row) => `/v1/members/${row.id}`,
};

export function postingRecord(p: PostingRow): PostingRecord {
  const start: ApproxDate = { on: p.startOn, precision: p.startPrecision };
  const end: ApproxDate = { on: p.endOn, precision: p.endPrecision };
  return {
    id: p.id,
    agency: p.agencyRef,
    agency_name: p.agencyName,
    agency_code: p.agencyCode,
    title: p.title,
    type: p.postingType,
    start_on: p.startOn,
    start_precision: p.startPrecision,
    end_on: p.endOn,
    end_precision: p.endPrecision,
    dates: postingDates(start, end),
    source: { url: p.sourceUrl, note: p.sourceNote },
    retracted_at: p.retractedAt && isoTimestamp(p.retractedAt),
    retraction_reason: p.retractionReason,
  };
}

/** "February 2025 to about 2025-04-30"; "2025-02-14 onwards (no end reported)"; "not reported". */
function postingDates(start: ApproxDate, end: ApproxDate): string {
  if (!start.on && !end.on) return "not reported";
  if (!end.on) return `${approxDateText(start)} onwards (no end reported)`;
  // Began and ended within the one day or month the report gives: say it once.
  if (start.on === end.on && start.precision === end.precision) return approxDateText(start);
  const range = `${approxDateText(start)} to ${approxDateText(end)}`;
  // Shown as the report gives it, flagged rather than corrected.
  return start.on && end.on < start.on
    ? `${range} (as reported: the end precedes the start)`
    : range;
}

/** How near a claim's date a posting must be to be listed beside it, in days either side. */
export const NEAR_DAYS = 30;

/** One sentence every page and response that puts people beside cuts carries. */
export const ASSOCIATION_NOTE =
  "Association, not attribution: a member listed here was reported posted at the claim's agency around its date; no record says they had a hand in the claim.";

export type MembersNearClaim = {
  agency_code: string | null;
  claim_date: string | null;
  window_days: number;
  from: string | null;
  to: string | null;
  members: { member_id: number; name: string; posting: PostingRecord }[];
  /** Members posted at the agency whose dates were never reported: not placed near any date. */
  undated_members: number;
  /** Why no members can be listed (no agency, no claim date), else null. */
  reason: string | null;
  note: string;
};

/**
 * The members reported at a claim's agency (sub-agencies counting under their department)
 * within NEAR_DAYS of its claim date: a posting whose span, as precisely as it is known (a month
 * for a month-only date), touches that window.
 */
export async function membersNearClaim(
  db: Db,
  claim: { agencyCode: string | null; claimDate: string | null },
): Promise<MembersNearClaim> {
  const base = {
    agency_code: claim.agencyCode,
    claim_date: claim.claimDate,
    window_days: NEAR_DAYS,
    note: ASSOCIATION_NOTE,
  };
  if (!claim.agencyCode || !claim.claimDate) {
    return {
      ...base,
      from: null,
      to: null,
      members: [],
      undated_members: 0,
      reason: !claim.agencyCode
        ? "the claim's agency is not matched to a cutwatch agency"
        : "the claim has no date of its own (a pool's receipts have theirs)",
    };
  }
  const { near, undated } = await postingsNear(db, {
    agencyCode: claim.agencyCode,
    on: claim.claimDate,
    days: NEAR_DAYS,
  });
  return {
    ...base,
    from: shiftDays(claim.claimDate, -NEAR_DAYS),
    to: shiftDays(claim.claimDate, NEAR_DAYS),
    members: near.map((p) => ({
      member_id: p.memberId,
      name: p.memberName,
      posting: postingRecord(p),
    })),
    undated_members: undated,
    reason: null,
  };
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A member reported posted at an agency, with their postings there: the agency's "who was here". */
export type PostedMemberRecord = {
  member_id: number;
  name: string;
  postings: PostingRecord[];
  links: { member: string };
};

/**
 * Who was reported posted at an agency (live members and postings): one entry per member, their
 * postings there by start date, members in the order of their first posting, undated last.
 */
export async function membersPostedAt(db: Db, code: string): Promise<PostedMemberRecord[]> {
  const byMember = new Map<number, PostedMemberRecord>();
  for (const p of await postingsAtAgency(db, code)) {
    const entry = byMember.get(p.memberId) ?? {
      member_id: p.memberId,
      name: p.memberName,
      postings: [],
      links: { member: `/v1/members/${p.memberId}` },
    };
    entry.postings.push(postingRecord(p));
    byMember.set(p.memberId, entry);
  }
  return [...byMember.values()];
}

/** A member's row; undefined when there is no such member. */
export const findMember = (db: Db, id: number) => getMember(db, id);

/** A member's history, the versioned-history endpoint's and the member page's reader. */
export const memberVersions = listMemberVersions;
