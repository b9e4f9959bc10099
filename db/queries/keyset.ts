import { type AnyColumn, and, asc, desc, eq, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";

/**
 * The sort value of a row in Postgres' own text form, for the next cursor: exact for numeric and
 * microsecond timestamps, where a JS number or Date would round. Null when sorting by the key.
 */
export const sortValueOf = (column: AnyColumn | null) =>
  column ? sql<string | null>`${column}::text` : sql<null>`null`;

import type { KeysetPosition } from "../../worker/lib/cursor.ts";

// Positions are the cursors' (a pure helper every layer shares).
export type { KeysetPosition };

export type KeysetSort = {
  /** The sort column, or null to sort by the key alone. */
  column: AnyColumn | null;
  /** The unique key that breaks ties, so the order is total and pages never overlap. */
  key: AnyColumn;
  desc: boolean;
};

/**
 * ORDER BY and the "after this row" condition for keyset pagination. Nulls sort last in both
 * directions (a claim with no amount is not the biggest or the smallest), and the key breaks
 * ties, so a page boundary is exact even when rows are inserted between requests.
 */
export function keyset(sort: KeysetSort, after?: KeysetPosition): { where?: SQL; orderBy: SQL[] } {
  const dir = sort.desc ? desc : asc;
  const beyond = sort.desc ? lt : gt;
  const { column, key } = sort;
  if (!column) {
    return { orderBy: [dir(key)], ...(after ? { where: beyond(key, after.key) } : {}) };
  }
  const orderBy = [sql`${column} ${sql.raw(sort.desc ? "desc" : "asc")} nulls last`, dir(key)];
  if (!after) return { orderBy };
  const where =
    after.value === null
      ? and(isNull(column), beyond(key, after.key))
      : or(
          beyond(column, after.value),
          and(eq(column, after.value), beyond(key, after.key)),
          isNull(column),
        );
  return where ? { where, orderBy } : { orderBy };
}
