import { hexDigest } from "../../lib/encoding.ts";
import { factory } from "../factory.ts";

const padded = new Map<number, { body: string; etag: string }>();

/**
 * B1, a bare route doing no I/O (the Worker's floor). `?bytes=N`: a JSON body of about N bytes
 * and its ETag, built once per isolate (to compare a cached read with a route that returns as
 * much from memory, its validator known as well).
 */
export const noopHandlers = factory.createHandlers(async (c) => {
  const bytes = Number(c.req.query("bytes") ?? 0);
  if (!(bytes > 0)) return c.json({ ok: true });
  let known = padded.get(bytes);
  if (!known) {
    const body = JSON.stringify({ ok: true, pad: "x".repeat(Math.min(bytes, 10_000_000)) });
    known = { body, etag: `"${await hexDigest("SHA-1", body)}"` };
    // One size at a time: a client asking for many sizes must not fill the isolate's memory.
    padded.clear();
    padded.set(bytes, known);
  }
  return c.body(known.body, 200, { "Content-Type": "application/json", ETag: known.etag });
});
