import { eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "../client.ts";
import {
  type ChangedFields,
  commissions,
  members,
  memberVersions,
  outsideAssessments,
  outsideAssessmentVersions,
  proposals,
  proposalVersions,
} from "../schema/index.ts";
import { agencyCodeForName } from "./agencies.ts";

/**
 * The table-specific steps of an edit: lock the row, write the new values with the next version,
 * and append the history row. The domain write services (worker/domain/versioned.ts) run them in one transaction; an edit is all or
 * nothing.
 */
export type VersionedTable<Row extends { id: number; version: number }, Insert> = {
  resource: "proposal" | "member" | "commission" | "assessment";
  lock: (tx: Tx, id: number) => Promise<Row | undefined>;
  insert: (tx: Tx, values: Insert) => Promise<Row>;
  update: (tx: Tx, id: number, values: Partial<Insert>) => Promise<Row>;
  /** Append-only history; commissions have none beyond the audit log. */
  history: (tx: Tx, row: Row, entry: HistoryEntry) => Promise<void>;
  /** Columns that follow from an edit's changes (a claim's agency from its agency name). */
  derive?: (tx: Tx, current: Row, changes: Changes, patch: Partial<Insert>) => Promise<Changes>;
};

export type Changes = ChangedFields;

export type HistoryEntry = {
  changedFields: Changes;
  actor: string;
  reason: string | null;
  requestId: string | null;
};

type Versioned = PgTable & { id: PgColumn; version: PgColumn };

/**
 * Lock, insert and update for a table with `id` and `version` columns, the same for every one:
 * an update bumps the version and `updated_at`. The table's history and derived columns are its
 * own.
 */
function versionedTable<Row extends { id: number; version: number }, Insert>(
  table: Versioned,
  steps: Pick<VersionedTable<Row, Insert>, "resource" | "history" | "derive">,
): VersionedTable<Row, Insert> {
  const one = (rows: unknown[]): Row => {
    const [row] = rows;
    if (!row) throw new Error(`${steps.resource} was not written`);
    return row as Row;
  };
  return {
    ...steps,
    lock: async (tx, id) =>
      (await tx.select().from(table).where(eq(table.id, id)).for("update"))[0] as Row | undefined,
    insert: async (tx, values) =>
      one(
        await tx
          .insert(table)
          .values(values as PgTable["$inferInsert"])
          .returning(),
      ),
    update: async (tx, id, values) =>
      one(
        await tx
          .update(table)
          .set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` })
          .where(eq(table.id, id))
          .returning(),
      ),
  };
}

export type ProposalRowFull = typeof proposals.$inferSelect;

/** The stored form of a proposal in its history: every column but the derived search vector. */
export function proposalSnapshot(row: ProposalRowFull) {
  const { search: _search, ...rest } = row;
  return rest;
}

export const proposalTable = versionedTable<ProposalRowFull, typeof proposals.$inferInsert>(
  proposals,
  {
    resource: "proposal",
    history: async (tx, row, entry) => {
      await tx.insert(proposalVersions).values({
        proposalId: row.id,
        version: row.version,
        snapshot: proposalSnapshot(row),
        ...entry,
      });
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
  },
);

export type MemberRowFull = typeof members.$inferSelect;
export const memberTable = versionedTable<MemberRowFull, typeof members.$inferInsert>(members, {
  resource: "member",
  history: async (tx, row, entry) => {
    await tx
      .insert(memberVersions)
      .values({ memberId: row.id, version: row.version, snapshot: row, ...entry });
  },
});

export type CommissionRowFull = typeof commissions.$inferSelect;
export const commissionTable = versionedTable<CommissionRowFull, typeof commissions.$inferInsert>(
  commissions,
  {
    resource: "commission",
    history: async () => {},
  },
);

export type OutsideAssessmentRowFull = typeof outsideAssessments.$inferSelect;
/** Assessments by others (/v1/assessments): each change is a version, like a member's. */
export const outsideAssessmentTable = versionedTable<
  OutsideAssessmentRowFull,
  typeof outsideAssessments.$inferInsert
>(outsideAssessments, {
  resource: "assessment",
  history: async (tx, row, entry) => {
    await tx
      .insert(outsideAssessmentVersions)
      .values({ assessmentId: row.id, version: row.version, snapshot: row, ...entry });
  },
});
