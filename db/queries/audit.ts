import { desc, lt } from "drizzle-orm";
import type { Db } from "../client.ts";
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
