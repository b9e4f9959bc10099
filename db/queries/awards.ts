import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { awards, awardTransactions } from "../schema/index.ts";

/**
 * The USAspending award behind a proposal: its own `award_id` (grants), or for a contract the
 * generated key USAspending builds from the FPDS identifiers,
 * `CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>` (`-NONE-` for a missing part).
 */
export const awardIdOf = (p: string) => {
  const c = (name: string) => sql.raw(`${p}.${name}`);
  return sql<string | null>`case
    when ${c("kind")} = 'contract' and ${c("piid")} is not null and ${c("contracting_agency_id")} is not null
      then 'CONT_AWD_' || ${c("piid")} || '_' || ${c("contracting_agency_id")} || '_' ||
        coalesce(${c("parent_piid")}, '-NONE-') || '_' || coalesce(${c("parent_agency_id")}, '-NONE-')
    else ${c("award_id")} end`;
};

/**
 * Awards to fetch: never-fetched ones first, those of the newest claims first (a reporter asks
 * about the latest), then the stalest fetched more than `staleDays` ago.
 */
export async function awardsToFetch(db: Db, limit: number, staleDays: number): Promise<string[]> {
  const result = await db.execute<{ award_id: string }>(sql`
    with wanted as (
      select ${awardIdOf("p")} as award_id, max(p.id) as newest from proposals p
      where p.removed_from_source_at is null and p.retracted_at is null
      group by 1
    )
    select w.award_id from wanted w left join awards a on a.award_id = w.award_id
    where w.award_id is not null
      and (a.id is null or a.fetched_at < now() - make_interval(days => ${staleDays}))
    order by a.fetched_at asc nulls first, w.newest desc
    limit ${limit}`);
  return result.rows.map((r) => r.award_id);
}

export type AwardValues = Omit<typeof awards.$inferInsert, "id" | "fetchedAt">;
export type TransactionValues = Omit<typeof awardTransactions.$inferInsert, "id" | "awardPk">;

/**
 * Store what USAspending says of one award, in one transaction: the award upserted, its
 * transactions replaced. Returns whether the award was new.
 */
export async function saveAward(db: Db, award: AwardValues, transactions: TransactionValues[]) {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: awards.id })
      .from(awards)
      .where(eq(awards.awardId, award.awardId));
    const [row] = await tx
      .insert(awards)
      .values({ ...award, fetchedAt: sql`now()` })
      .onConflictDoUpdate({ target: awards.awardId, set: { ...award, fetchedAt: sql`now()` } })
      .returning({ id: awards.id });
    if (!row) throw new Error(`award ${award.awardId} was not stored`);
    await tx.delete(awardTransactions).where(eq(awardTransactions.awardPk, row.id));
    for (let i = 0; i < transactions.length; i += 500) {
      await tx
        .insert(awardTransactions)
        .values(transactions.slice(i, i + 500).map((t) => ({ ...t, awardPk: row.id })));
    }
    return { inserted: !existing };
  });
}
