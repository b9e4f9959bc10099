import { desc, lt } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { auditLog } from "../schema/index.ts";

/** The audit log, newest first, before an id (keyset). */
export async function listAudit(db: Db, opts: { before?: number | undefined; limit: number }) {
  return db
    .select()
    .from(auditLog)
    .where(opts.before === undefined ? undefined : lt(auditLog.id, opts.before))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}

/** One audit row, in the caller's transaction (the write it records and it stand or fall together). */
export async function writeAudit(
  tx: Tx,
  entry: {
    actor: string;
    action: string;
    resourceType: string;
    resourceId: string | null;
    requestId: string | null;
    details: Record<string, unknown>;
  },
) {
  await tx.insert(auditLog).values(entry);
}
