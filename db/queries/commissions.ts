import { eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { commissionSlugs, commissions, members, proposals } from "../schema/index.ts";
import { type KeysetPosition, keyset } from "./keyset.ts";
import { listsFreshnessSql } from "./source-lists.ts";
import { qualified } from "./sql.ts";

const { id: _id, ...columns } = getTableColumns(commissions);

// The commission's live claims: still listed at the source, not retracted. The same set the
// savings rollups count, so its total is the summary's `claimed_as_published`.
const liveClaims = sql`${qualified(proposals.commissionId)} = ${qualified(commissions.id)}
  and ${qualified(proposals.removedFromSourceAt)} is null
  and ${qualified(proposals.retractedAt)} is null`;

// Counts in the same statement, so a list stays one round trip.
const selection = {
  id: commissions.id,
  ...columns,
  memberCount: sql<number>`(
    select count(*)::int from ${members} where ${qualified(members.commissionId)} = ${qualified(commissions.id)})`,
  proposalCount: sql<number>`(select count(*)::int from ${proposals} where ${liveClaims})`,
  claimedSavingsTotal: sql<string>`(
    select coalesce(sum(${qualified(proposals.claimedSavings)}), 0)::text
    from ${proposals} where ${liveClaims})`,
  // The slugs it had before an admin renamed it: they still name it.
  formerSlugs: sql<string[]>`coalesce((
    select array_agg(${commissionSlugs.slug} order by ${commissionSlugs.renamedAt}, ${commissionSlugs.slug})
    from ${commissionSlugs}
    where ${commissionSlugs.commissionId} = ${qualified(commissions.id)}
      and ${commissionSlugs.slug} <> ${qualified(commissions.slug)}), '{}')`,
  // Per kind, the newest list and what it can show (source-lists.ts).
  lists: listsFreshnessSql(qualified(commissions.id)),
};

export type CommissionRow = Awaited<ReturnType<typeof listCommissions>>[number];

export async function listCommissions(
  db: Db,
  opts: { desc: boolean; after?: KeysetPosition | undefined; limit: number },
) {
  const page = keyset({ column: null, key: commissions.id, desc: opts.desc }, opts.after);
  return db
    .select(selection)
    .from(commissions)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(opts.limit);
}

export async function countCommissions(db: Db): Promise<number> {
  return db.$count(commissions);
}

/**
 * A slug names the commission that holds it now, or else the one that held it before a rename:
 * the condition for a `commission=` filter over a query that joins `commissions` (as `alias`, in
 * the raw SQL of the rollups). One id at most, the current holder first; the slug register's
 * primary key (migration `hardening-triggers`) keeps any other from taking it.
 */
export function commissionNamed(slug: string, alias?: "c"): SQL {
  const idColumn = alias ? sql.raw(`${alias}.id`) : qualified(commissions.id);
  return sql`${idColumn} = coalesce(
    (select named.id from ${commissions} named where named.slug = ${slug}),
    (select ${commissionSlugs.commissionId} from ${commissionSlugs}
      where ${commissionSlugs.slug} = ${slug}))`;
}

/** The commission a slug names, now or before a rename (`row.slug` is its current slug). */
export async function getCommission(db: Db, slug: string): Promise<CommissionRow | undefined> {
  const [row] = await db.select(selection).from(commissions).where(commissionNamed(slug));
  return row;
}

export async function commissionIdBySlug(db: Db | Tx, slug: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: commissions.id })
    .from(commissions)
    .where(commissionNamed(slug));
  return row?.id;
}

export async function getCommissionById(
  db: Db | Tx,
  id: number,
): Promise<CommissionRow | undefined> {
  const [row] = await db.select(selection).from(commissions).where(eq(commissions.id, id));
  return row;
}
