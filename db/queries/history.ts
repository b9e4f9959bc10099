import { type AnyColumn, and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { memberVersions, proposalVersions } from "../schema/index.ts";

type VersionPage = { id: number; after?: number | undefined; limit: number };

/** A record's versions, oldest first, after a version (keyset): one history table's page. */
function versionsOf(
  db: Db,
  table: typeof proposalVersions | typeof memberVersions,
  recordId: AnyColumn,
  opts: VersionPage,
) {
  return db
    .select()
    .from(table)
    .where(
      and(
        eq(recordId, opts.id),
        opts.after === undefined ? undefined : gt(table.version, opts.after),
      ),
    )
    .orderBy(asc(table.version))
    .limit(opts.limit);
}

/** A proposal's versions, oldest first, after a version (keyset). */
export function listProposalVersions(db: Db, opts: VersionPage) {
  return versionsOf(db, proposalVersions, proposalVersions.proposalId, opts) as Promise<
    (typeof proposalVersions.$inferSelect)[]
  >;
}

export async function getProposalVersion(db: Db, id: number, version: number) {
  const [row] = await db
    .select()
    .from(proposalVersions)
    .where(and(eq(proposalVersions.proposalId, id), eq(proposalVersions.version, version)));
  return row;
}

/** A member's versions, oldest first, after a version (keyset). */
export function listMemberVersions(db: Db, opts: VersionPage) {
  return versionsOf(db, memberVersions, memberVersions.memberId, opts) as Promise<
    (typeof memberVersions.$inferSelect)[]
  >;
}
