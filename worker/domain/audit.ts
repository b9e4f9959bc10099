import type { Db } from "../../db/client.ts";
import { listAudit } from "../../db/queries/audit.ts";

/** The audit log, newest first, before an id: the admin endpoint's reader. */
export const auditEntries = (db: Db, opts: { before?: number | undefined; limit: number }) =>
  listAudit(db, opts);
