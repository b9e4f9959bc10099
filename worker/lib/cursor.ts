import * as v from "valibot";

const CursorSchema = v.object({ id: v.pipe(v.number(), v.integer(), v.minValue(0)) });
export type Cursor = v.InferOutput<typeof CursorSchema>;

/** Opaque keyset cursors: base64url JSON, so clients cannot depend on what is inside. */
export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify(cursor)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const json = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed = v.safeParse(CursorSchema, JSON.parse(json));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}
