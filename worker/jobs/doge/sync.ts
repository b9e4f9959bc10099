import type { Db } from "../../../db/client.ts";
import { assignAgencyCodes, SOURCE_MATCH } from "../../../db/queries/agencies.ts";
import {
  insertFromSource,
  latestSyncedAt,
  loadSynced,
  markGone,
  markSeen,
  storeSourceValues,
  updateFromSource,
} from "../../../db/queries/proposal-sync.ts";
import { recordSourceList } from "../../../db/queries/source-lists.ts";
import type { JobCounts, Source } from "../../../db/schema/index.ts";
import { DRAFT_FIELDS, type ProposalDraft } from "../../domain/draft.ts";
import {
  changedValues,
  type DraftField,
  type Existing,
  goneMark,
  planSync,
  sourceValuesOf,
} from "./sync-plan.ts";

export type SyncInput = {
  commissionId: number;
  kind: ProposalDraft["kind"];
  drafts: ProposalDraft[];
  /** A complete fetch (every page, validated): receipts absent from it are marked removed. */
  complete: boolean;
  /**
   * When the source showed this list (a live fetch's time, an archived snapshot's capture time):
   * becomes first/last_seen_at, removed_from_source_at and each version's observed_at.
   */
  seenAt: string;
  sources: Source[];
  actor?: string;
  /**
   * Fields this list does not carry (an archived format without `savings`, without the vendor…):
   * not observed, which is not NULL. They are never compared, an update keeps the row's value,
   * the stored source values keep the previous one, and a new row starts with NULL (unknown).
   */
  unobserved?: readonly DraftField[];
  /**
   * The list as recorded in source_lists: why it is partial (when not complete) and its file or
   * URL. `false`: not recorded here, for a caller that records the capture as a whole (a file
   * synced scrape by scrape, dev/import/load.ts).
   */
  list?: { partial?: string; title?: string } | false;
};

/**
 * Bring a commission's source-backed proposals of one kind in line with a fetch of its source,
 * in one transaction: new receipts are inserted, changed ones updated, absent ones (on a
 * complete fetch) marked removed, a returning one un-marked. Every insert and change writes a
 * proposal_versions row with the changed fields. If anything throws, nothing is written.
 *
 * What changes is decided by `planSync` (sync-plan.ts, no I/O); this reads the rows and writes
 * the plan through db/queries/proposal-sync.ts.
 */
export async function syncProposals(db: Db, input: SyncInput): Promise<JobCounts> {
  const actor = input.actor ?? "source:doge";
  const unobserved = new Set(input.unobserved ?? []);
  const scope = { commissionId: input.commissionId, kind: input.kind };
  return db.transaction(async (tx) => {
    await refuseOlderList(tx, input);
    const existing = (await loadSynced(tx, scope, DRAFT_FIELDS)) as Map<string, Existing>;
    const plan = planSync(existing, input.drafts, {
      complete: input.complete,
      seenAt: input.seenAt,
      unobserved,
    });

    // Each changed row is written only if still at the version read here: an editor who saved
    // in between keeps the edit, and the row is compared afresh on the next sync (its source
    // values are not stored).
    const written = await updateFromSource(
      tx,
      DRAFT_FIELDS,
      plan.changed.map((p) => ({
        id: p.row.id,
        version: p.row.version,
        values: changedValues(p),
        naturalKey: p.draft.naturalKey,
        changes: p.changes,
        reason: p.reason,
      })),
      input.seenAt,
      actor,
    );
    const applied = plan.changed.filter((p) => written.has(p.row.id));
    await storeSourceValues(
      tx,
      [...applied, ...plan.sourceOnly].map(({ row, draft }) => ({
        proposalId: row.id,
        values: sourceValuesOf(draft, unobserved, row),
      })),
    );
    await markSeen(tx, plan.unchangedIds, input.seenAt);
    // A claim whose agency name the source changed lost its code above: match it afresh, a
    // version of its own dated by this list.
    await assignAgencyCodes(
      tx,
      { ids: [...written] },
      { ...SOURCE_MATCH, observedAt: input.seenAt },
    );

    // A field the list does not carry starts unknown, whatever placeholder its draft holds.
    const unknown = Object.fromEntries([...unobserved].map((f) => [f, null]));
    const inserted = await insertFromSource(
      tx,
      plan.fresh.map((draft) => {
        const { sourceExtra: _, ...values } = draft;
        return {
          values: {
            ...values,
            ...unknown,
            commissionId: input.commissionId,
            source: "doge",
            sources: input.sources,
            firstSeenAt: input.seenAt,
            lastSeenAt: input.seenAt,
          },
          sourceValues: sourceValuesOf(draft, unobserved),
        };
      }),
      actor,
      input.seenAt,
    );

    await markAll(tx, plan.regrouped, "regrouped", input.seenAt, actor);
    const removed = await markAll(tx, plan.removed, "removed", input.seenAt, actor);
    if (input.list !== false) {
      await recordSourceList(tx, {
        commissionId: input.commissionId,
        kind: input.kind,
        observedAt: input.seenAt,
        complete: input.complete,
        partial: input.complete ? null : (input.list?.partial ?? "not known to be complete"),
        title: input.list?.title ?? input.sources[0]?.title ?? input.sources[0]?.url ?? null,
        receipts: plan.fetched,
      });
    }
    return { fetched: plan.fetched, inserted, changed: applied.length, removed };
  });
}

/** Mark rows gone from a complete list; returns how many were marked (see markGone). */
async function markAll(
  db: Db,
  rows: Existing[],
  as: "removed" | "regrouped",
  seenAt: string,
  actor: string,
): Promise<number> {
  const mark = goneMark(as, seenAt);
  const entries = rows.map((row) => ({
    id: row.id,
    version: row.version,
    changes: { [mark.field]: { old: null, new: seenAt } },
    reason: mark.reason,
  }));
  return (await markGone(db, entries, mark.set, seenAt, actor)).size;
}

/** A list older than one already synced: history is written forward only. */
export class OlderListError extends Error {}

/**
 * Refuse a list the source showed before the newest one already synced for this commission and
 * kind: placing it would rewrite later history (a receipt "removed" before it was last seen).
 * Older snapshots are imported first, in time order.
 */
async function refuseOlderList(db: Db, input: SyncInput) {
  const latest = await latestSyncedAt(db, { commissionId: input.commissionId, kind: input.kind });
  if (latest && new Date(latest).getTime() > new Date(input.seenAt).getTime()) {
    throw new OlderListError(
      `this ${input.kind} list was shown at ${input.seenAt}, before the newest one already synced (${latest}): import snapshots oldest first; a later list's history is never rewritten`,
    );
  }
}
