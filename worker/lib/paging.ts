import type { CsvSpec } from "./csv.ts";
import { encodeCursor, type KeysetPosition } from "./cursor.ts";

/**
 * Keyset paging, with no HTTP and no SQL: what a list is (a spec the domain layer builds over
 * its queries) and how one page of it is read. The HTTP side is worker/http/lists.ts.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
export type ListSpec<Row, Rec> = {
  /** Rows after a position, in the requested order; one SQL statement. */
  page: (after: KeysetPosition | undefined, limit: number) => Promise<Row[]>;
  position: (row: Row) => KeysetPosition;
  record: (row: Row) => Rec;
  /** Rows matching the filters, for `count=true`; a list without it does not take `count`. */
  total?: () => Promise<number>;
  csv: CsvSpec<Rec>;
};

/**
 * One page of a list: up to `limit` rows after `after` (a position from `readCursor`), read with
 * one row more to learn whether another page follows, and the cursor of that page.
 */
export async function fetchPage<Row>(
  spec: Pick<ListSpec<Row, unknown>, "page" | "position">,
  after: KeysetPosition | undefined,
  query: { limit?: number | undefined; sort: string },
): Promise<{ rows: Row[]; next: string | null }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await spec.page(after, limit + 1);
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  const more = fetched.length > limit && last !== undefined;
  return {
    rows,
    next: more ? encodeCursor({ sort: query.sort, position: spec.position(last) }) : null,
  };
}

/** A sort parameter (`name` or `-name`) as its column name and direction. */
export function parseSort<S extends string>(sort: S | `-${S}`): { name: S; desc: boolean } {
  return sort.startsWith("-")
    ? { name: sort.slice(1) as S, desc: true }
    : { name: sort as S, desc: false };
}
