import * as v from "valibot";
import { base64url } from "./encoding.ts";

const CursorSchema = v.strictObject({
  /** The sort the cursor belongs to: a position in one order means nothing in another. */
  s: v.string(),
  v: v.nullable(v.string()),
  k: v.union([v.string(), v.pipe(v.number(), v.integer())]),
});

/** A position in a sorted list: the sort column's value (null sorts last) and the row's key. */
export type KeysetPosition = { value: string | null; key: string | number };

export type Cursor = { sort: string; position: KeysetPosition };

/** Opaque keyset cursors: base64url JSON, so clients cannot depend on what is inside. */
export function encodeCursor({ sort, position }: Cursor): string {
  const json = JSON.stringify({ s: sort, v: position.value, k: position.key });
  return base64url(new TextEncoder().encode(json));
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
    const parsed = v.safeParse(CursorSchema, JSON.parse(json));
    if (!parsed.success) return null;
    return { sort: parsed.output.s, position: { value: parsed.output.v, key: parsed.output.k } };
  } catch {
    return null;
  }
}
