import { type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { commissions, sourceLists } from "../schema/index.ts";

export type NewSourceList = typeof sourceLists.$inferInsert;

/** Record one list synced (see db/schema/source-lists.ts). */
export async function recordSourceList(db: Db | Tx, list: NewSourceList): Promise<void> {
  await db.insert(sourceLists).values(list);
}

/** How fresh a commission's lists of one kind are, as the API shows it (snake_case). */
export type KindFreshness = {
  kind: string;
  /** When the newest list of this kind was shown. */
  list_as_of: string;
  /** Whether that newest list is known to hold every receipt the source listed then. */
  complete: boolean;
  /** Why it is not; null when complete. */
  partial: string | null;
  /** When the newest complete list was shown: removals after it are unknown. Null: none. */
  removals_known_to: string | null;
  /** Live claims of this kind (not removed, not retracted). */
  live: number;
  /** Live claims first listed after the newest complete list: none since could show them gone. */
  unconfirmed: number;
};

const utc = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * Per kind, the commission's newest list and its newest complete one, with its live claims and
 * those first listed after the newest complete list: a JSON array, oldest-named kind first.
 * `commissionId` is the SQL of the commission's id in the enclosing query.
 */
export function listsFreshnessSql(commissionId: SQL): SQL<KindFreshness[]> {
  return sql<KindFreshness[]>`coalesce((
    select jsonb_agg(jsonb_build_object(
      'kind', l.kind,
      'list_as_of', ${sql.raw(utc("l.newest"))},
      'complete', n.complete,
      'partial', n.partial,
      'removals_known_to', ${sql.raw(utc("l.newest_complete"))},
      'live', (select count(*)::int from proposals p
        where p.commission_id = l.commission_id and p.kind = l.kind and p.source = 'doge'
          and p.removed_from_source_at is null and p.retracted_at is null),
      'unconfirmed', (select count(*)::int from proposals p
        where p.commission_id = l.commission_id and p.kind = l.kind and p.source = 'doge'
          and p.removed_from_source_at is null and p.retracted_at is null
          and (l.newest_complete is null or p.first_seen_at > l.newest_complete))
    ) order by l.kind)
    from (
      select s.commission_id, s.kind, max(s.observed_at) as newest,
        max(s.observed_at) filter (where s.complete) as newest_complete
      from source_lists s where s.commission_id = ${commissionId}
      group by s.commission_id, s.kind) l
    cross join lateral (
      select s.complete, s.partial from source_lists s
      where s.commission_id = l.commission_id and s.kind = l.kind and s.observed_at = l.newest
      order by s.complete, s.id desc limit 1) n
  ), '[]'::jsonb)`;
}

/** Each commission's list freshness (listsFreshnessSql), by slug. */
export async function listsFreshness(db: Db): Promise<Map<string, KindFreshness[]>> {
  const rows = await db
    .select({ slug: commissions.slug, lists: listsFreshnessSql(sql`${commissions.id}`) })
    .from(commissions);
  return new Map(rows.map((r) => [r.slug, r.lists]));
}
