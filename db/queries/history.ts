import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { memberVersions, proposalVersions } from "../schema/index.ts";

/** A proposal's versions, oldest first, after a version (keyset). */
export async function listProposalVersions(
  db: Db,
  opts: { id: number; after?: number | undefined; limit: number },
) {
  return db
    .select()
    .from(proposalVersions)
    .where(
      and(
        eq(proposalVersions.proposalId, opts.id),
        opts.after === undefined ? undefined : gt(proposalVersions.version, opts.after),
      ),
    )
    .orderBy(asc(proposalVersions.version))
    .limit(opts.limit);
}

export async function getProposalVersion(db: Db, id: number, version: number) {
  const [row] = await db
    .select()
    .from(proposalVersions)
    .where(and(eq(proposalVersions.proposalId, id), eq(proposalVersions.version, version)));
  return row;
}

export async function listMemberVersions(
  db: Db,
  opts: { id: number; after?: number | undefined; limit: number },
) {
  return db
    .select()
    .from(memberVersions)
    .where(
      and(
        eq(memberVersions.memberId, opts.id),
        opts.after === undefined ? undefined : gt(memberVersions.version, opts.after),
      ),
    )
    .orderBy(asc(memberVersions.version))
    .limit(opts.limit);
}
