import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { memberPostings, members } from "../schema/index.ts";
import { qualified } from "./sql.ts";

/**
 * Members' postings, and who was posted where and when. A posting's dates keep their precision
 * (worker/lib/approx-date.ts): a month-only start is its month's first day and an end of month
 * precision counts to its last, so a `2025-02-XX` posting covers all of February; a posting with
 * no start reported is placed on no day.
 */
export type PostingRow = typeof memberPostings.$inferSelect;

const postingColumns = {
  id: memberPostings.id,
  memberId: memberPostings.memberId,
  agencyRef: memberPostings.agencyRef,
  agencyName: memberPostings.agencyName,
  agencyCode: memberPostings.agencyCode,
  title: memberPostings.title,
  postingType: memberPostings.postingType,
  startOn: memberPostings.startOn,
  startPrecision: memberPostings.startPrecision,
  endOn: memberPostings.endOn,
  endPrecision: memberPostings.endPrecision,
  sourceUrl: memberPostings.sourceUrl,
  sourceNote: memberPostings.sourceNote,
  retractedAt: memberPostings.retractedAt,
  retractionReason: memberPostings.retractionReason,
  createdAt: memberPostings.createdAt,
  updatedAt: memberPostings.updatedAt,
};

/** The last day a posting may have lasted to: a month-only end counts to its month's end. */
const lastDay = sql`case when ${qualified(memberPostings.endPrecision)} = 'month'
  then (date_trunc('month', ${qualified(memberPostings.endOn)}) + interval '1 month - 1 day')::date
  else ${qualified(memberPostings.endOn)} end`;

/** The posting may have covered some day from `from` to `to` (ISO dates, SQL expressions). */
export function postedBetween(from: SQL, to: SQL): SQL {
  return sql`(${qualified(memberPostings.retractedAt)} is null
    and ${qualified(memberPostings.startOn)} is not null
    and ${qualified(memberPostings.startOn)} <= ${to}
    and (${qualified(memberPostings.endOn)} is null or ${lastDay} >= ${from}))`;
}

/** Postings of these members, in date order (undated last). */
export async function postingsOf(db: Db, memberIds: number[]): Promise<PostingRow[]> {
  if (memberIds.length === 0) return [];
  return db
    .select()
    .from(memberPostings)
    .where(inArray(memberPostings.memberId, memberIds))
    .orderBy(
      asc(memberPostings.memberId),
      sql`${memberPostings.startOn} asc nulls last`,
      asc(memberPostings.id),
    );
}

export type PostedMember = PostingRow & { memberName: string };

/** Who was posted at an agency (live members), by start date, undated last. */
export async function postingsAtAgency(db: Db, code: string): Promise<PostedMember[]> {
  return db
    .select({ ...postingColumns, memberName: members.name })
    .from(memberPostings)
    .innerJoin(members, eq(members.id, memberPostings.memberId))
    .where(
      and(
        eq(memberPostings.agencyCode, code),
        isNull(members.retractedAt),
        isNull(memberPostings.retractedAt),
      ),
    )
    .orderBy(sql`${memberPostings.startOn} asc nulls last`, asc(members.name));
}

/**
 * Who was reported at an agency within `days` days either side of a date: postings there whose
 * span may touch that window. Undated postings are not among them (they are counted apart).
 */
export async function postingsNear(
  db: Db,
  opts: { agencyCode: string; on: string; days: number },
): Promise<{ near: PostedMember[]; undated: number }> {
  const from = sql`(${opts.on}::date - ${opts.days}::int)`;
  const to = sql`(${opts.on}::date + ${opts.days}::int)`;
  const at = and(
    eq(memberPostings.agencyCode, opts.agencyCode),
    isNull(members.retractedAt),
    isNull(memberPostings.retractedAt),
  );
  const near = await db
    .select({ ...postingColumns, memberName: members.name })
    .from(memberPostings)
    .innerJoin(members, eq(members.id, memberPostings.memberId))
    .where(and(at, postedBetween(from, to)))
    .orderBy(asc(memberPostings.startOn), asc(members.name));
  const [undated] = await db
    .select({ n: sql<number>`count(distinct ${members.id})::int` })
    .from(memberPostings)
    .innerJoin(members, eq(members.id, memberPostings.memberId))
    .where(and(at, isNull(memberPostings.startOn)));
  return { near, undated: undated?.n ?? 0 };
}

export type NewPosting = Omit<
  typeof memberPostings.$inferInsert,
  "id" | "memberId" | "createdAt" | "updatedAt"
>;

/** Add postings to a member (the caller writes the member's version that records them). */
export async function addPostings(db: Db, memberId: number, postings: NewPosting[]) {
  if (postings.length === 0) return [];
  return db
    .insert(memberPostings)
    .values(postings.map((p) => ({ ...p, memberId })))
    .returning();
}

export type PostingClaims = {
  posting_id: number;
  from: string;
  to: string | null;
  status: string;
  claims: number;
  claimed: string;
};

/**
 * A member's dated postings, each with the live claims at its agency dated in the months it
 * covers (from its start's month to its end's month; no end reported: every later month), per
 * verdict under a methodology version (`not_assessed` where there is none).
 */
export async function claimsDuringPostings(
  db: Db,
  memberId: number,
  version: string,
): Promise<PostingClaims[]> {
  const result = await db.execute<PostingClaims>(sql`
    with spans as (
      select mp.id, mp.agency_code, date_trunc('month', mp.start_on)::date as first,
        case when mp.end_on is null then null
          else (date_trunc('month', mp.end_on) + interval '1 month - 1 day')::date end as last
      from member_postings mp
      where mp.member_id = ${memberId} and mp.start_on is not null and mp.agency_code is not null
        and mp.retracted_at is null
    )
    select sp.id::int as posting_id, sp.first::text as "from", sp.last::text as "to",
      coalesce(s.status::text, 'not_assessed') as status, count(p.id)::int as claims,
      coalesce(sum(p.claimed_savings), 0)::text as claimed
    from spans sp
    join proposals p on p.agency_code = sp.agency_code
      and p.removed_from_source_at is null and p.retracted_at is null
      and p.claim_date >= sp.first and (sp.last is null or p.claim_date <= sp.last)
    left join assessments s on s.proposal_id = p.id and s.methodology_version = ${version}
    group by 1, 2, 3, 4
    order by 1, 4`);
  return result.rows;
}

/** Change a member's posting; undefined when the member has no such posting. */
export async function updatePosting(
  db: Db,
  memberId: number,
  postingId: number,
  values: Partial<NewPosting>,
): Promise<PostingRow | undefined> {
  const [row] = await db
    .update(memberPostings)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(memberPostings.id, postingId), eq(memberPostings.memberId, memberId)))
    .returning();
  return row;
}
