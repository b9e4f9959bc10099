import { insertKey } from "../../db/queries/keys.ts";
import { generateKey } from "../../worker/lib/keys.ts";
import type { TestDb } from "./db.ts";

/** A fresh API key of the given role; returns its id and the bearer header to send. */
export async function makeKey(db: TestDb, role: "editor" | "admin" | "subscriber" = "editor") {
  const key = await generateKey();
  const row = await insertKey(db, {
    name: `test ${role} ${key.prefix}`,
    role,
    prefix: key.prefix,
    hash: key.hash,
    createdBy: "test",
  });
  return { id: row.id, token: key.token, auth: { Authorization: `Bearer ${key.token}` } };
}

/** Headers for a JSON write with a key. */
export function jsonWith(auth: Record<string, string>, extra: Record<string, string> = {}) {
  return { ...auth, "Content-Type": "application/json", ...extra };
}
