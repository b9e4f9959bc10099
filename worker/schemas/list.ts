import * as v from "valibot";
import { decodeCursor } from "../lib/cursor.ts";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../lib/paging.ts";

const BoolParam = (description: string) =>
  v.optional(v.pipe(v.picklist(["true", "false"]), v.description(description)));

/**
 * The paging and format parameters every list shares. Spread into the list's `v.strictObject`
 * next to its filters, with `sortParam` for its sort whitelist.
 */
export const listParams = {
  limit: v.optional(
    limitParam(
      MAX_LIMIT,
      `Rows per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}). A CSV request without a limit returns every matching row.`,
    ),
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => decodeCursor(s) !== null, "cursor is not one this API issued"),
      v.description("Opaque: the `next_cursor` of the previous page, as given."),
    ),
  ),
  count: BoolParam("`true` adds `total`, the number of rows matching the filters."),
  format: v.optional(
    v.pipe(
      v.picklist(["json", "csv"]),
      v.description("`csv` for RFC 4180 CSV; `Accept: text/csv` does the same."),
    ),
  ),
};

/** A whole number of rows from 1 to `max`, as a query string gives it. */
export function limitParam(max: number, description: string) {
  return v.pipe(
    v.string(),
    v.regex(/^\d+$/, "limit must be a whole number"),
    v.transform(Number),
    v.minValue(1, "limit must be at least 1"),
    v.maxValue(max, `limit must be at most ${max}`),
    v.description(description),
  );
}

/** `name` ascending, `-name` descending, over a whitelist of sort names. */
export function sortParam<const S extends string>(names: readonly S[], fallback: S | `-${S}`) {
  const values = names.flatMap((n) => [n, `-${n}`] as const);
  return v.optional(
    v.pipe(
      v.picklist(values, `sort must be one of ${values.join(", ")}`),
      v.description("Sort field; prefix with `-` for descending. Ties break on the id."),
    ),
    fallback,
  );
}
