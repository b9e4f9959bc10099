import { and, count, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { commissions, memberPostings, members } from "../schema/index.ts";
import { commissionNamed } from "./commissions.ts";
import { type KeysetPosition, keyset, sortValueOf } from "./keyset.ts";
import { postedBetween } from "./postings.ts";
import { qualified } from "./sql.ts";

const { commissionId: _commissionId, ...columns } = getTableColumns(members);

export const MEMBER_SORTS = {
  id: null,
  name: members.name,
  appointed_on: members.appointedOn,
} as const;
export type MemberSort = keyof typeof MEMBER_SORTS;

const selection = (sortColumn: (typeof MEMBER_SORTS)[MemberSort]) => ({
  ...columns,
  commission: commissions.slug,
  sortValue: sortValueOf(sortColumn),
});

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];
export type MemberFilters = {
  commission?: string | undefined;
  /** Posted at this agency (a cutwatch agency code; sub-agencies count under it). */
  agency?: string | undefined;
  /** Has a posting of this type (appointed, detailed, internal, consultant, unknown). */
  type?: string | undefined;
  /** Posted (at `agency`, if given) on this day; a month-only date covers its whole month. */
  postedOn?: string | undefined;
  /** Part of the name, any case. */
  name?: string | undefined;
};

export async function listMembers(
  db: Db,
  opts: {
    filters: MemberFilters;
    sort: MemberSort;
    desc: boolean;
    after?: KeysetPosition | undefined;
    limit: number;
  },
) {
  const sortColumn = MEMBER_SORTS[opts.sort];
  const page = keyset({ column: sortColumn, key: members.id, desc: opts.desc }, opts.after);
  return db
    .select(selection(sortColumn))
    .from(members)
    .innerJoin(commissions, eq(commissions.id, members.commissionId))
    .where(and(commissionIs(opts.filters), page.where))
    .orderBy(...page.orderBy)
    .limit(opts.limit);
}

export async function countMembers(db: Db, filters: MemberFilters): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(members)
    .innerJoin(commissions, eq(commissions.id, members.commissionId))
    .where(commissionIs(filters));
  return row?.total ?? 0;
}

export async function getMember(db: Db, id: number): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(selection(null))
    .from(members)
    .innerJoin(commissions, eq(commissions.id, members.commissionId))
    .where(eq(members.id, id));
  return row;
}

function commissionIs(filters: MemberFilters) {
  const posting = and(
    filters.agency ? eq(memberPostings.agencyCode, filters.agency) : undefined,
    filters.type ? eq(memberPostings.postingType, filters.type) : undefined,
    filters.postedOn
      ? postedBetween(sql`${filters.postedOn}::date`, sql`${filters.postedOn}::date`)
      : undefined,
  );
  return and(
    filters.commission ? commissionNamed(filters.commission) : undefined,
    filters.name ? sql`${members.name} ilike ${`%${escapeLike(filters.name)}%`}` : undefined,
    posting
      ? sql`exists (select 1 from ${memberPostings}
          where ${qualified(memberPostings.memberId)} = ${qualified(members.id)}
            and ${qualified(memberPostings.retractedAt)} is null and ${posting})`
      : undefined,
  );
}

/** `%` and `_` in a user's text match themselves. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
