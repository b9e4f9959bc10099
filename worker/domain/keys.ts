import { type Db, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import {
  insertKey,
  listKeys,
  type Role,
  revokeKey as revokeKeyRow,
} from "../../db/queries/keys.ts";
import { holdPending } from "../../db/queries/webhook-deliveries.ts";
import { pauseKeySubscriptions } from "../../db/queries/webhook-subscriptions.ts";
import { generateKey } from "../lib/keys.ts";
import type { Who } from "./versioned.ts";

/**
 * Make an API key: the key row (its hash, never the secret) and its audit row in one
 * transaction. The secret is in the answer, once.
 */
export async function createKey(db: Db, input: { name: string; role: Role; who: Who }) {
  const { name, role, who } = input;
  const key = await generateKey();
  const row = await withTransaction(db, async (tx) => {
    const stored = await insertKey(tx, {
      name,
      role,
      prefix: key.prefix,
      hash: key.hash,
      createdBy: who.actor,
    });
    await writeAudit(tx, {
      actor: who.actor,
      action: "key.create",
      resourceType: "api_key",
      resourceId: String(stored.id),
      requestId: who.requestId,
      details: { name, role, prefix: key.prefix },
    });
    return stored;
  });
  return { row, secret: key.token };
}

/**
 * Revoke a key at once, with its audit row; undefined when there is no such key. Its webhook
 * subscriptions are paused and what they still had to send is held: a revoked subscriber
 * receives nothing more (an admin may list or delete them).
 */
export function revokeKey(db: Db, id: number, who: Who) {
  return withTransaction(db, async (tx) => {
    const revoked = await revokeKeyRow(tx, id);
    if (!revoked) return undefined;
    const paused = await pauseKeySubscriptions(tx, id, "the key was revoked");
    await holdPending(tx, { apiKeyId: id });
    await writeAudit(tx, {
      actor: who.actor,
      action: "key.revoke",
      resourceType: "api_key",
      resourceId: String(id),
      requestId: who.requestId,
      details: { name: revoked.name, prefix: revoked.prefix, pausedSubscriptions: paused },
    });
    return revoked;
  });
}

/** The API keys (never their secrets), newest first, before an id: the admin endpoint's reader. */
export const apiKeys = (db: Db, opts: { before?: number | undefined; limit: number }) =>
  listKeys(db, opts);
