import { and, count, desc, eq, getTableColumns, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { agencies, webhookSubscriptions } from "../schema/index.ts";

export type Subscription = typeof webhookSubscriptions.$inferSelect;
export type SubscriptionFields = Pick<
  typeof webhookSubscriptions.$inferInsert,
  "url" | "description" | "commission" | "agency" | "state" | "kinds"
>;

/** A subscription's columns as its owner reads them: never the secret. */
const { secret: _secret, ...publicColumns } = getTableColumns(webhookSubscriptions);
export type PublicSubscription = Omit<Subscription, "secret">;

/** Which subscriptions a statement may touch: a key's own, or any (an admin's). */
type Owner = { apiKeyId: number } | "any";
const owned = (owner: Owner, id: number) =>
  and(
    eq(webhookSubscriptions.id, id),
    owner === "any" ? undefined : eq(webhookSubscriptions.apiKeyId, owner.apiKeyId),
  );

export async function insertSubscription(
  db: Db | Tx,
  values: SubscriptionFields & { apiKeyId: number; secret: string },
) {
  const [row] = await db.insert(webhookSubscriptions).values(values).returning();
  if (!row) throw new Error("the subscription was not stored");
  return row;
}

/**
 * Serialise a key's subscription writes until the transaction ends, so its cap and its URL
 * dedupe cannot be raced past by two requests at once.
 */
export async function lockKeySubscriptions(tx: Tx, apiKeyId: number) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext('webhook_subscriptions'), ${apiKeyId})`,
  );
}

export async function countKeySubscriptions(db: Db | Tx, apiKeyId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.apiKeyId, apiKeyId));
  return row?.n ?? 0;
}

/** The key's subscription to this URL, other than `exceptId` (the one being changed). */
export async function findKeySubscriptionByUrl(
  db: Db | Tx,
  apiKeyId: number,
  url: string,
  exceptId?: number,
) {
  const [row] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.apiKeyId, apiKeyId),
        eq(webhookSubscriptions.url, url),
        exceptId === undefined ? undefined : ne(webhookSubscriptions.id, exceptId),
      ),
    )
    .limit(1);
  return row;
}

/** One of a key's subscriptions (another key's is as good as absent), or any for an admin. */
export async function findSubscription(db: Db | Tx, owner: Owner, id: number) {
  const [row] = await db.select(publicColumns).from(webhookSubscriptions).where(owned(owner, id));
  return row;
}

export async function listSubscriptions(
  db: Db,
  apiKeyId: number,
  opts: { before?: number | undefined; limit: number },
) {
  return db
    .select(publicColumns)
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.apiKeyId, apiKeyId),
        opts.before === undefined ? undefined : lt(webhookSubscriptions.id, opts.before),
      ),
    )
    .orderBy(desc(webhookSubscriptions.id))
    .limit(opts.limit);
}

export async function updateSubscription(
  db: Db | Tx,
  owner: Owner,
  id: number,
  values: Partial<SubscriptionFields> & { resume?: boolean; pauseReason?: string },
) {
  const { resume, pauseReason, ...fields } = values;
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      ...fields,
      ...(resume
        ? { pausedAt: null, pausedReason: null, consecutiveFailures: 0, failingSince: null }
        : {}),
      ...(pauseReason
        ? {
            pausedAt: sql`coalesce(${webhookSubscriptions.pausedAt}, now())`,
            pausedReason: pauseReason,
          }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(owned(owner, id))
    .returning(publicColumns);
  return row;
}

export async function deleteSubscription(db: Db | Tx, owner: Owner, id: number) {
  const [row] = await db
    .delete(webhookSubscriptions)
    .where(owned(owner, id))
    .returning(publicColumns);
  return row;
}

/** Pause every subscription of a key (its revocation); returns how many it paused. */
export async function pauseKeySubscriptions(tx: Tx, apiKeyId: number, reason: string) {
  const paused = await tx
    .update(webhookSubscriptions)
    .set({ pausedAt: sql`now()`, pausedReason: reason, updatedAt: sql`now()` })
    .where(and(eq(webhookSubscriptions.apiKeyId, apiKeyId), isNull(webhookSubscriptions.pausedAt)))
    .returning({ id: webhookSubscriptions.id });
  return paused.length;
}

/** Subscriptions that take deliveries: not paused, their key not revoked. */
export type SubscriptionFilter = {
  id: number;
  api_key_id: number;
  commission: string | null;
  agency: string | null;
  state: string | null;
  kinds: string[] | null;
  created_at: string;
};

export async function activeSubscriptions(db: Db): Promise<SubscriptionFilter[]> {
  const result = await db.execute<SubscriptionFilter>(sql`
    select s.id::int as id, s.api_key_id::int as api_key_id, s.commission, s.agency, s.state,
      s.kinds, s.created_at::text as created_at
    from webhook_subscriptions s join api_keys k on k.id = s.api_key_id
    where s.paused_at is null and k.revoked_at is null`);
  return result.rows;
}

/** Whether a toptier agency code is on record (a subscription's agency filter must name one). */
export async function agencyExists(db: Db | Tx, code: string): Promise<boolean> {
  const [row] = await db
    .select({ code: agencies.code })
    .from(agencies)
    .where(eq(agencies.code, code))
    .limit(1);
  return row !== undefined;
}
