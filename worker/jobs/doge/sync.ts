import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import type { JobCounts, Source } from "../../../db/schema/index.ts";
import { proposals, proposalVersions } from "../../../db/schema/index.ts";
import { decimalsEqual } from "../../lib/money.ts";
import { DRAFT_FIELDS, type ProposalDraft } from "./receipts.ts";

export type SyncInput = {
  commissionId: number;
  kind: ProposalDraft["kind"];
  drafts: ProposalDraft[];
  /** A complete fetch (every page, validated): receipts absent from it are marked removed. */
  complete: boolean;
  /** When the source was read; becomes first/last_seen_at and removed_from_source_at. */
  seenAt: string;
  sources: Source[];
  actor?: string;
};

type Existing = Pick<ProposalDraft, (typeof DRAFT_FIELDS)[number]> & {
  id: number;
  naturalKey: string;
  version: number;
  removedFromSourceAt: string | null;
};

type Changes = Record<string, { old: unknown; new: unknown }>;

const BATCH = 500;
const MONEY_FIELDS = new Set<string>(["claimedSavings", "claimedValue"]);

/**
 * Bring a commission's source-backed proposals of one kind in line with a fetch of its source,
 * in one transaction: new receipts are inserted, changed ones updated, absent ones (on a
 * complete fetch) marked removed, a returning one un-marked. Every insert and change writes a
 * proposal_versions row with the changed fields. If anything throws, nothing is written.
 */
export async function syncProposals(db: Db, input: SyncInput): Promise<JobCounts> {
  const actor = input.actor ?? "source:doge";
  return db.transaction(async (tx) => {
    const existing = await loadExisting(tx, input.commissionId, input.kind);
    const counts: JobCounts = { fetched: 0, inserted: 0, changed: 0, removed: 0 };
    const fresh: ProposalDraft[] = [];
    const unchangedIds: number[] = [];
    const seen = new Set<string>();

    for (const draft of input.drafts) {
      counts.fetched += draft.receiptCount;
      seen.add(draft.naturalKey);
      const row = existing.get(draft.naturalKey);
      if (!row) {
        fresh.push(draft);
        continue;
      }
      const changes = diff(row, draft);
      if (row.removedFromSourceAt) {
        changes.removedFromSourceAt = { old: row.removedFromSourceAt, new: null };
      }
      if (Object.keys(changes).length === 0) {
        unchangedIds.push(row.id);
        continue;
      }
      counts.changed++;
      await writeChange(tx, row, changes, {
        values: { ...pickDraft(draft), removedFromSourceAt: null, lastSeenAt: input.seenAt },
        actor,
        reason: row.removedFromSourceAt ? "back at source" : "changed at source",
      });
    }

    for (let i = 0; i < unchangedIds.length; i += BATCH) {
      await tx
        .update(proposals)
        .set({ lastSeenAt: input.seenAt })
        .where(inArray(proposals.id, unchangedIds.slice(i, i + BATCH)));
    }

    counts.inserted = await insertFresh(tx, input, fresh, actor);

    if (input.complete) {
      for (const row of existing.values()) {
        if (seen.has(row.naturalKey) || row.removedFromSourceAt) continue;
        counts.removed++;
        await writeChange(
          tx,
          row,
          { removedFromSourceAt: { old: null, new: input.seenAt } },
          { values: { removedFromSourceAt: input.seenAt }, actor, reason: "removed from source" },
        );
      }
    }
    return counts;
  });
}

async function loadExisting(db: Db, commissionId: number, kind: ProposalDraft["kind"]) {
  const columns = Object.fromEntries(DRAFT_FIELDS.map((f) => [f, proposals[f]])) as {
    [F in (typeof DRAFT_FIELDS)[number]]: (typeof proposals)[F];
  };
  const rows = await db
    .select({
      ...columns,
      id: proposals.id,
      naturalKey: proposals.naturalKey,
      version: proposals.version,
      removedFromSourceAt: proposals.removedFromSourceAt,
    })
    .from(proposals)
    .where(
      and(
        eq(proposals.commissionId, commissionId),
        eq(proposals.kind, kind),
        eq(proposals.source, "doge"),
      ),
    );
  return new Map(rows.map((r) => [r.naturalKey, r as Existing]));
}

function pickDraft(d: ProposalDraft) {
  return Object.fromEntries(DRAFT_FIELDS.map((f) => [f, d[f]])) as Pick<
    ProposalDraft,
    (typeof DRAFT_FIELDS)[number]
  >;
}

/** Field-level differences, money compared as decimals (1978785 vs 1978785.00 is no change). */
export function diff(row: Existing, draft: ProposalDraft): Changes {
  const changes: Changes = {};
  for (const f of DRAFT_FIELDS) {
    const before = row[f] ?? null;
    const after = draft[f] ?? null;
    const same = MONEY_FIELDS.has(f)
      ? decimalsEqual(before as string | null, after as string | null)
      : before === after;
    if (!same) changes[f] = { old: before, new: after };
  }
  return changes;
}

async function writeChange(
  db: Db,
  row: Existing,
  changes: Changes,
  opts: { values: Partial<typeof proposals.$inferInsert>; actor: string; reason: string },
) {
  const [updated] = await db
    .update(proposals)
    .set({ ...opts.values, version: sql`${proposals.version} + 1`, updatedAt: sql`now()` })
    .where(eq(proposals.id, row.id))
    .returning();
  if (!updated) throw new Error(`proposal ${row.id} vanished during sync`);
  await db.insert(proposalVersions).values({
    proposalId: row.id,
    version: updated.version,
    snapshot: snapshotOf(updated),
    changedFields: changes,
    actor: opts.actor,
    reason: opts.reason,
  });
}

async function insertFresh(db: Db, input: SyncInput, fresh: ProposalDraft[], actor: string) {
  let inserted = 0;
  for (let i = 0; i < fresh.length; i += BATCH) {
    const rows = await db
      .insert(proposals)
      .values(
        fresh.slice(i, i + BATCH).map((d) => ({
          ...d,
          commissionId: input.commissionId,
          source: "doge",
          sources: input.sources,
          firstSeenAt: input.seenAt,
          lastSeenAt: input.seenAt,
        })),
      )
      .returning();
    await db.insert(proposalVersions).values(
      rows.map((r) => ({
        proposalId: r.id,
        version: r.version,
        snapshot: snapshotOf(r),
        actor,
        reason: "first seen at source",
      })),
    );
    inserted += rows.length;
  }
  return inserted;
}

/** The stored form of a proposal in its history: every column but the derived search vector. */
export function snapshotOf(row: typeof proposals.$inferSelect) {
  const { search: _search, ...rest } = row;
  return rest;
}
