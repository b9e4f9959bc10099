type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Uppercase<H> ? (H extends Lowercase<H> ? H : `_${Lowercase<H>}`) : H}${SnakeCase<T>}`
  : S;

export type Snake<T> = { [K in keyof T as K extends string ? SnakeCase<K> : K]: T[K] };

/** API bodies use snake_case field names, like the government APIs they sit beside. */
export function toSnake<T extends object>(row: T): Snake<T> {
  return Object.fromEntries(
    Object.entries(row).map(([k, val]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), val]),
  ) as Snake<T>;
}
