import Big from "big.js";

// Money never passes through a JS float: amounts are decimal strings, sums use big.js.
Big.DP = 20;
Big.PE = 40; // print plain decimals, never exponent notation
Big.NE = -40;

/** A canonical decimal string ("1978784.51", "-3", "0.5") from any exact decimal text. */
export function toDecimal(text: string): string {
  return new Big(text.trim()).toString();
}

export function sumDecimals(values: Iterable<string | null | undefined>): string {
  let total = new Big(0);
  for (const v of values) if (v != null) total = total.plus(v);
  return total.toString();
}

export function decimalsEqual(a: string | null | undefined, b: string | null | undefined) {
  if (a == null || b == null) return a == null && b == null;
  return new Big(a).eq(b);
}

/** A claim's money fields, by their schema names. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set([
  "claimedSavings",
  "claimedValue",
  // An assessment by others' amounts (worker/domain/reviews.ts).
  "claimed",
  "assessedLow",
  "assessedHigh",
]);

/**
 * Whether two stored values of a record's field are the same: money as decimals (100 = 100.00),
 * JSON values (sources) by content, a missing value as null.
 */
export function sameFieldValue(field: string, a: unknown, b: unknown): boolean {
  const [x, y] = [a ?? null, b ?? null];
  if (MONEY_FIELDS.has(field) && (typeof x === "string" || x === null)) {
    return decimalsEqual(x as string | null, y as string | null);
  }
  if (typeof x === "object" || typeof y === "object") return canonical(x) === canonical(y);
  return x === y;
}

/** JSON text with object keys sorted: Postgres' jsonb does not keep the order they came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** "$27,912,345.00": an exact amount in words a change log can carry. */
export function dollars(amount: Big | string): string {
  const [whole = "0", cents = "00"] = new Big(amount).abs().toFixed(2).split(".");
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}
