import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { awardKeyOf, awardLookups, awards, awardTransactions } from "../schema/index.ts";
import { evidenceKeyOf, isSearchKey, recordSearchedClaims } from "./award-search.ts";

/** The USAspending award behind a proposal (see awardKeyOf): `p` is the proposals alias. */
export const awardIdOf = (p: string) => awardKeyOf(p);

/**
 * Awards to fetch (and the award searches of claims that name no award, under their search keys:
 * db/queries/award-search.ts): never-fetched ones first, those of the newest claims first (a reporter asks
 * about the latest), then the stalest fetched more than `staleDays` ago. An award whose lookup
 * failed (or is on the queue) waits until its `award_lookups.retry_at`: one bad record is never
 * the head of every run.
 */
export async function awardsToFetch(db: Db, limit: number, staleDays: number): Promise<string[]> {
  const result = await db.execute<{ award_id: string }>(sql`
    with wanted as (
      select ${evidenceKeyOf("p")} as award_id, max(p.id) as newest from proposals p
      where p.removed_from_source_at is null and p.retracted_at is null
      group by 1
    )
    select w.award_id from wanted w left join awards a on a.award_id = w.award_id
    left join award_lookups l on l.award_id = w.award_id
    where w.award_id is not null
      and (a.id is null or a.fetched_at < now() - make_interval(days => ${staleDays}))
      and (l.retry_at is null or l.retry_at <= now())
    order by a.fetched_at asc nulls first, w.newest desc
    limit ${limit}`);
  return result.rows.map((r) => r.award_id);
}

export type AwardValues = Omit<typeof awards.$inferInsert, "id" | "fetchedAt">;
export type TransactionValues = Omit<typeof awardTransactions.$inferInsert, "id" | "awardPk">;

/**
 * One row per transaction key: an upstream list may name the same transaction twice (two DOGE
 * receipts linking one FPDS record, a page boundary that shifted), and the table's key would
 * refuse the whole award. The last occurrence wins, as a later page is the fresher answer.
 */
export function uniqueTransactions(transactions: TransactionValues[]): TransactionValues[] {
  return [...new Map(transactions.map((t) => [t.transactionKey, t])).values()];
}

/**
 * Store what USAspending says of one award, in one transaction: the award upserted, its
 * transactions replaced (one per key), and its lookup's failure record cleared. Returns whether
 * the award was new.
 */
export async function saveAward(db: Db, award: AwardValues, transactions: TransactionValues[]) {
  const fetchedAt = sql`now()`;
  const unique = uniqueTransactions(transactions);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: awards.id })
      .from(awards)
      .where(eq(awards.awardId, award.awardId));
    const [row] = await tx
      .insert(awards)
      .values({ ...award, fetchedAt })
      .onConflictDoUpdate({ target: awards.awardId, set: { ...award, fetchedAt } })
      .returning({ id: awards.id });
    if (!row) throw new Error(`award ${award.awardId} was not stored`);
    await tx.delete(awardTransactions).where(eq(awardTransactions.awardPk, row.id));
    for (let i = 0; i < unique.length; i += 500) {
      await tx
        .insert(awardTransactions)
        .values(unique.slice(i, i + 500).map((t) => ({ ...t, awardPk: row.id })));
    }
    await tx.delete(awardLookups).where(eq(awardLookups.awardId, award.awardId));
    if (isSearchKey(award.awardId)) await recordSearchedClaims(tx, award.awardId);
    return { inserted: !existing };
  });
}

/**
 * An award whose stored record came from an archive (`raw.archived`), or undefined. A live
 * lookup that finds nothing must not erase it: the record existed when it was archived.
 */
export async function archivedAward(db: Db, awardId: string) {
  const [row] = await db
    .select({ id: awards.id })
    .from(awards)
    .where(and(eq(awards.awardId, awardId), sql`${awards.raw} ? 'archived'`));
  return row;
}

/** Note on an archived record that a live lookup found nothing, and when (it is not refetched
 * until stale again). */
export async function noteLiveLookup(db: Db, awardId: string, lookup: Record<string, unknown>) {
  await db.delete(awardLookups).where(eq(awardLookups.awardId, awardId));
  await db
    .update(awards)
    .set({
      fetchedAt: sql`now()`,
      raw: sql`${awards.raw} || jsonb_build_object('live_lookup', ${JSON.stringify(lookup)}::jsonb)`,
    })
    .where(eq(awards.awardId, awardId));
}

/**
 * Store archived award records in bulk (the seed): awards not stored yet, with their
 * transactions, each as of its capture time. An award already stored is left as it is: a
 * record fetched live, or an earlier load, is not overwritten by an archive.
 */
export async function saveArchivedAwards(
  db: Db,
  items: { award: AwardValues; transactions: TransactionValues[]; capturedAt: string }[],
) {
  let stored = 0;
  for (let i = 0; i < items.length; i += 500) {
    const batch = items.slice(i, i + 500);
    const rows = await db
      .insert(awards)
      .values(batch.map((b) => ({ ...b.award, fetchedAt: b.capturedAt })))
      .onConflictDoNothing({ target: awards.awardId })
      .returning({ id: awards.id, awardId: awards.awardId });
    const pk = new Map(rows.map((r) => [r.awardId, r.id]));
    const transactions = batch.flatMap((b) => {
      const awardPk = pk.get(b.award.awardId);
      return awardPk === undefined
        ? []
        : uniqueTransactions(b.transactions).map((t) => ({ ...t, awardPk }));
    });
    for (let j = 0; j < transactions.length; j += 500) {
      await db.insert(awardTransactions).values(transactions.slice(j, j + 500));
    }
    stored += rows.length;
  }
  return stored;
}
