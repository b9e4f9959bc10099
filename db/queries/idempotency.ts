import { and, eq } from "drizzle-orm";
import type { Tx } from "../client.ts";
import { idempotencyKeys } from "../schema/index.ts";

export type StoredResponse = typeof idempotencyKeys.$inferSelect;

/**
 * Claim an Idempotency-Key inside the write's transaction. Returns null when the claim is new;
 * otherwise the earlier claim. A concurrent twin blocks on the primary key until the first
 * transaction ends, then sees its stored response.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  claim: { apiKeyId: number; key: string; requestHash: string },
): Promise<StoredResponse | null> {
  const inserted = await tx
    .insert(idempotencyKeys)
    .values(claim)
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length) return null;
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, claim.apiKeyId), eq(idempotencyKeys.key, claim.key)));
  if (!existing) throw new Error("an idempotency key vanished while claimed");
  return existing;
}

export async function storeIdempotentResponse(
  tx: Tx,
  claim: { apiKeyId: number; key: string },
  response: { status: number; location: string | null; body: unknown },
) {
  await tx
    .update(idempotencyKeys)
    .set(response)
    .where(and(eq(idempotencyKeys.apiKeyId, claim.apiKeyId), eq(idempotencyKeys.key, claim.key)));
}
