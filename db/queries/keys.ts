import { desc, eq, getTableColumns, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { apiKeys } from "../schema/index.ts";

export type ApiKey = typeof apiKeys.$inferSelect;
export type Role = ApiKey["role"];

/** The key's public columns: never the hash. */
const { hash: _hash, ...publicColumns } = getTableColumns(apiKeys);

export async function insertKey(
  db: Db | Tx,
  values: { name: string; role: Role; prefix: string; hash: string; createdBy: string },
) {
  const [row] = await db.insert(apiKeys).values(values).returning(publicColumns);
  if (!row) throw new Error("the key was not stored");
  return row;
}

export async function findKeyByPrefix(db: Db, prefix: string): Promise<ApiKey | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
  return row;
}

export async function keyExists(db: Db, id: number): Promise<boolean> {
  const [row] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
  return row !== undefined;
}

export async function touchKey(db: Db, id: number): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id));
}

export async function listKeys(db: Db, opts: { before?: number | undefined; limit: number }) {
  return db
    .select(publicColumns)
    .from(apiKeys)
    .where(opts.before === undefined ? undefined : lt(apiKeys.id, opts.before))
    .orderBy(desc(apiKeys.id))
    .limit(opts.limit);
}

/** Revoke at once; a key revoked already keeps its first revocation time. */
export async function revokeKey(db: Db | Tx, id: number) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.id, id))
    .returning(publicColumns);
  return row;
}
