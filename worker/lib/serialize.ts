type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Uppercase<H> ? (H extends Lowercase<H> ? H : `_${Lowercase<H>}`) : H}${SnakeCase<T>}`
  : S;

export type ApiRecord<T> = { [K in keyof T as K extends string ? SnakeCase<K> : K]: T[K] };

// Postgres' text form of timestamptz, as the driver hands it over: "2025-04-12 00:00:00+00".
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/;

/**
 * A database row as the API shows it: snake_case field names, like the government APIs it sits
 * beside, and timestamps in ISO 8601 UTC. Money stays the decimal string it was.
 */
export function toApi<T extends object>(row: T): ApiRecord<T> {
  // Called for every row of every page: field names are converted once per isolate, and only
  // strings shaped like a timestamp ("2025-…-… …") meet the regex.
  const out: Record<string, unknown> = {};
  for (const k in row) {
    const val = row[k];
    out[snakeName(k)] =
      typeof val === "string" &&
      val.charCodeAt(10) === 32 &&
      val.charCodeAt(4) === 45 &&
      PG_TIMESTAMP.test(val)
        ? isoTimestamp(val)
        : val;
  }
  return out as ApiRecord<T>;
}

const snakeNames = new Map<string, string>();
/** A schema field name as the API names it: "claimedSavings" → "claimed_savings". */
export function snakeName(name: string): string {
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(name, snake);
  }
  return snake;
}

/** Postgres' text form of a timestamptz ("2026-11-26 07:07:37.718+00") in ISO 8601 UTC. */
export function isoTimestamp(pg: string): string {
  const withZone = /[+-]\d{2}$/.test(pg) ? `${pg}:00` : pg;
  return new Date(withZone.replace(" ", "T")).toISOString();
}

/** A listed row as the API shows it, without the sort value kept for its cursor. */
export function listedRecord<T extends { sortValue?: unknown }>(
  row: T,
): ApiRecord<Omit<T, "sortValue">> {
  const { sortValue: _sortValue, ...rest } = row;
  return toApi(rest);
}

type CamelCase<S extends string> = S extends `${infer H}_${infer T}`
  ? `${H}${Capitalize<CamelCase<T>>}`
  : S;

/** A request body's snake_case fields as the camelCase columns they write. */
export function fromApi<T extends object>(
  body: T,
): { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] } {
  return Object.fromEntries(
    Object.entries(body).map(([k, val]) => [
      k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()),
      val,
    ]),
  ) as never;
}
