import { asc, eq, getTableColumns, gt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { proposals } from "../schema/index.ts";

// The search vector is an index, not data anyone reads.
const { search: _search, ...columns } = getTableColumns(proposals);

export type Proposal = Omit<typeof proposals.$inferSelect, "search">;

export async function listProposals(
  db: Db,
  opts: { limit: number; afterId?: number | undefined },
): Promise<Proposal[]> {
  return db
    .select(columns)
    .from(proposals)
    .where(opts.afterId === undefined ? undefined : gt(proposals.id, opts.afterId))
    .orderBy(asc(proposals.id))
    .limit(opts.limit);
}

export async function getProposal(db: Db, id: number): Promise<Proposal | undefined> {
  const [row] = await db.select(columns).from(proposals).where(eq(proposals.id, id));
  return row;
}
