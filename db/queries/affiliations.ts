import { and, asc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import {
  memberAffiliations,
  members,
  recipientAwardSearches,
  recipientAwards,
} from "../schema/index.ts";

/** Members' affiliations and the federal awards found for the recipients they name. */
export type AffiliationRow = typeof memberAffiliations.$inferSelect;
export type NewAffiliation = Omit<
  typeof memberAffiliations.$inferInsert,
  "id" | "memberId" | "createdAt" | "updatedAt"
>;
export type RecipientSearchRow = typeof recipientAwardSearches.$inferSelect;
export type RecipientAwardRow = typeof recipientAwards.$inferSelect;
export type NewRecipientAward = Omit<typeof recipientAwards.$inferInsert, "id" | "affiliationId">;

/** Affiliations of these members, oldest first. */
export async function affiliationsOf(db: Db, memberIds: number[]): Promise<AffiliationRow[]> {
  if (memberIds.length === 0) return [];
  return db
    .select()
    .from(memberAffiliations)
    .where(inArray(memberAffiliations.memberId, memberIds))
    .orderBy(asc(memberAffiliations.memberId), asc(memberAffiliations.id));
}

/** Add an affiliation to a member (the caller writes the member's version that records it). */
export async function addAffiliation(
  db: Db,
  memberId: number,
  values: NewAffiliation,
): Promise<AffiliationRow | undefined> {
  const [row] = await db
    .insert(memberAffiliations)
    .values({ ...values, memberId })
    .returning();
  return row;
}

/** Change a member's affiliation; undefined when the member has no such affiliation. */
export async function updateAffiliation(
  db: Db,
  memberId: number,
  affiliationId: number,
  values: Partial<NewAffiliation>,
): Promise<AffiliationRow | undefined> {
  const [row] = await db
    .update(memberAffiliations)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(memberAffiliations.id, affiliationId), eq(memberAffiliations.memberId, memberId)))
    .returning();
  return row;
}

/** The last searches of these affiliations' recipients, and the awards they found. */
export async function recipientAwardsOf(
  db: Db,
  affiliationIds: number[],
): Promise<{ searches: RecipientSearchRow[]; awards: RecipientAwardRow[] }> {
  if (affiliationIds.length === 0) return { searches: [], awards: [] };
  const searches = await db
    .select()
    .from(recipientAwardSearches)
    .where(inArray(recipientAwardSearches.affiliationId, affiliationIds));
  const awards = await db
    .select()
    .from(recipientAwards)
    .where(inArray(recipientAwards.affiliationId, affiliationIds))
    .orderBy(
      asc(recipientAwards.affiliationId),
      sql`${recipientAwards.amount} desc nulls last`,
      asc(recipientAwards.awardId),
    );
  return { searches, awards };
}

/** What the job searches for one affiliation: its recipient's UEI, else its name. */
export type RecipientToSearch = {
  affiliationId: number;
  recipientUei: string | null;
  recipientName: string | null;
};

/**
 * Live affiliations (of live members) that name a recipient and need a lookup: never searched,
 * searched for another recipient than they now name (an editor corrected it), or searched more
 * than `staleDays` ago; none still in a failure's backoff. Never searched first, then oldest.
 */
export async function recipientsToSearch(
  db: Db,
  limit: number,
  staleDays: number,
): Promise<RecipientToSearch[]> {
  const s = recipientAwardSearches;
  const a = memberAffiliations;
  const searchedText = sql`coalesce(${a.recipientUei}, ${a.recipientName})`;
  const due: SQL | undefined = or(
    isNull(s.fetchedAt),
    sql`${s.searchedText} is distinct from ${searchedText}`,
    sql`${s.fetchedAt} < now() - make_interval(days => ${staleDays})`,
  );
  return db
    .select({
      affiliationId: a.id,
      recipientUei: a.recipientUei,
      recipientName: a.recipientName,
    })
    .from(a)
    .innerJoin(members, eq(members.id, a.memberId))
    .leftJoin(s, eq(s.affiliationId, a.id))
    .where(
      and(
        isNull(a.retractedAt),
        isNull(members.retractedAt),
        sql`${searchedText} is not null`,
        due,
        or(isNull(s.retryAt), sql`${s.retryAt} <= now()`),
      ),
    )
    .orderBy(sql`${s.fetchedAt} asc nulls first`, asc(a.id))
    .limit(limit);
}

/**
 * Store a search's result for one affiliation in one transaction: the search row (its failure
 * state cleared) and exactly the awards found, replacing those of the search before.
 */
export async function saveRecipientAwards(
  db: Db,
  affiliationId: number,
  search: {
    searchedBy: "uei" | "name";
    searchedText: string;
    sourceUrl: string;
    source: "usaspending" | "stand-in";
    sourceNote: string | null;
    complete: boolean;
  },
  awards: NewRecipientAward[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const values = {
      ...search,
      fetchedAt: sql`now()`,
      attempts: 0,
      lastError: null,
      lastAttemptAt: sql`now()`,
      retryAt: null,
    };
    await tx
      .insert(recipientAwardSearches)
      .values({ affiliationId, ...values })
      .onConflictDoUpdate({ target: recipientAwardSearches.affiliationId, set: values });
    await tx.delete(recipientAwards).where(eq(recipientAwards.affiliationId, affiliationId));
    if (awards.length > 0) {
      await tx
        .insert(recipientAwards)
        .values(awards.map((award) => ({ ...award, affiliationId })))
        .onConflictDoNothing();
    }
  });
}

/** Longest a recipient whose lookup keeps failing is left alone: a week. */
const MAX_BACKOFF_HOURS = 7 * 24;

/**
 * Note a failed lookup: its error, and a backoff (1 h, 2 h, 4 h … a week) before the job tries
 * again. The awards found before, and when, are left exactly as they were.
 */
export async function recordRecipientSearchFailure(
  db: Db,
  affiliationId: number,
  error: string,
): Promise<void> {
  const text = error.slice(0, 2000);
  const s = recipientAwardSearches;
  await db
    .insert(s)
    .values({
      affiliationId,
      attempts: 1,
      lastError: text,
      lastAttemptAt: sql`now()`,
      retryAt: sql`now() + interval '1 hour'`,
    })
    .onConflictDoUpdate({
      target: s.affiliationId,
      set: {
        attempts: sql`${s.attempts} + 1`,
        lastError: text,
        lastAttemptAt: sql`now()`,
        retryAt: sql`now() + least(${MAX_BACKOFF_HOURS}, power(2, ${s.attempts})) * interval '1 hour'`,
      },
    });
}

/** The search row of one affiliation, if the job has looked its recipient up. */
export async function recipientSearchOf(
  db: Db,
  affiliationId: number,
): Promise<RecipientSearchRow | undefined> {
  const [row] = await db
    .select()
    .from(recipientAwardSearches)
    .where(eq(recipientAwardSearches.affiliationId, affiliationId));
  return row;
}
