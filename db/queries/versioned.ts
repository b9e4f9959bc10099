import { eq, sql } from "drizzle-orm";
import type { Tx } from "../client.ts";
import {
  auditLog,
  commissions,
  members,
  memberVersions,
  proposals,
  proposalVersions,
} from "../schema/index.ts";
import { agencyCodeForName } from "./agencies.ts";

/**
 * The table-specific steps of an edit: lock the row, write the new values with the next version,
 * and append the history row. worker/edits/ runs them in one transaction; an edit is all or
 * nothing.
 */
export type VersionedTable<Row extends { id: number; version: number }, Insert> = {
  resource: "proposal" | "member" | "commission";
  lock: (tx: Tx, id: number) => Promise<Row | undefined>;
  insert: (tx: Tx, values: Insert) => Promise<Row>;
  update: (tx: Tx, id: number, values: Partial<Insert>) => Promise<Row>;
  /** Append-only history; commissions have none beyond the audit log. */
  history: (tx: Tx, row: Row, entry: HistoryEntry) => Promise<void>;
  /** Columns that follow from an edit's changes (a claim's agency from its agency name). */
  derive?: (tx: Tx, current: Row, changes: Changes, patch: Partial<Insert>) => Promise<Changes>;
};

export type Changes = Record<string, { old: unknown; new: unknown }>;

export type HistoryEntry = {
  changedFields: Changes;
  actor: string;
  reason: string | null;
  requestId: string | null;
};

const bump = { version: sql`version + 1`, updatedAt: sql`now()` };

function one<T>(rows: T[], what: string): T {
  const [row] = rows;
  if (!row) throw new Error(`${what} was not written`);
  return row;
}

export type ProposalRowFull = typeof proposals.$inferSelect;
export const proposalTable: VersionedTable<ProposalRowFull, typeof proposals.$inferInsert> = {
  resource: "proposal",
  lock: async (tx, id) =>
    (await tx.select().from(proposals).where(eq(proposals.id, id)).for("update"))[0],
  insert: async (tx, values) =>
    one(await tx.insert(proposals).values(values).returning(), "proposal"),
  update: async (tx, id, values) =>
    one(
      await tx
        .update(proposals)
        .set({ ...values, ...bump })
        .where(eq(proposals.id, id))
        .returning(),
      "proposal",
    ),
  history: async (tx, row, entry) => {
    const { search: _search, ...snapshot } = row;
    await tx
      .insert(proposalVersions)
      .values({ proposalId: row.id, version: row.version, snapshot, ...entry });
  },
  // A corrected agency name brings the agency its alias names (none: unmatched), unless the
  // edit sets the code itself. The job's matching leaves a code once set, so it must follow here.
  derive: async (tx, current, changes, patch): Promise<Changes> => {
    const name = changes.agencyName;
    if (!name || patch.agencyCode !== undefined) return {};
    const code = await agencyCodeForName(tx, name.new as string | null);
    return code === current.agencyCode
      ? {}
      : { agencyCode: { old: current.agencyCode, new: code } };
  },
};

export type MemberRowFull = typeof members.$inferSelect;
export const memberTable: VersionedTable<MemberRowFull, typeof members.$inferInsert> = {
  resource: "member",
  lock: async (tx, id) =>
    (await tx.select().from(members).where(eq(members.id, id)).for("update"))[0],
  insert: async (tx, values) => one(await tx.insert(members).values(values).returning(), "member"),
  update: async (tx, id, values) =>
    one(
      await tx
        .update(members)
        .set({ ...values, ...bump })
        .where(eq(members.id, id))
        .returning(),
      "member",
    ),
  history: async (tx, row, entry) => {
    await tx
      .insert(memberVersions)
      .values({ memberId: row.id, version: row.version, snapshot: row, ...entry });
  },
};

export type CommissionRowFull = typeof commissions.$inferSelect;
export const commissionTable: VersionedTable<CommissionRowFull, typeof commissions.$inferInsert> = {
  resource: "commission",
  lock: async (tx, id) =>
    (await tx.select().from(commissions).where(eq(commissions.id, id)).for("update"))[0],
  insert: async (tx, values) =>
    one(await tx.insert(commissions).values(values).returning(), "commission"),
  update: async (tx, id, values) =>
    one(
      await tx
        .update(commissions)
        .set({ ...values, ...bump })
        .where(eq(commissions.id, id))
        .returning(),
      "commission",
    ),
  history: async () => {},
};

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
