import Big from "big.js";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { qualified } from "../../../db/queries/sql.ts";
import type { JobCounts, Source } from "../../../db/schema/index.ts";
import { proposalSourceValues, proposals, proposalVersions } from "../../../db/schema/index.ts";
import { DRAFT_FIELDS, normalizeName, type ProposalDraft } from "../../domain/draft.ts";
import { dollars, sameFieldValue } from "../../lib/money.ts";
import { snakeName } from "../../lib/serialize.ts";
import { isPoolKey } from "./receipts.ts";

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
};

type DraftField = (typeof DRAFT_FIELDS)[number];

type Existing = Pick<ProposalDraft, (typeof DRAFT_FIELDS)[number]> & {
  id: number;
  naturalKey: string;
  version: number;
  removedFromSourceAt: string | null;
  /** What the source said at the last sync; null for rows synced before it was kept. */
  sourceValues: Record<string, unknown> | null;
};

type Changes = Record<string, { old: unknown; new: unknown }>;

const BATCH = 500;

/**
 * Bring a commission's source-backed proposals of one kind in line with a fetch of its source,
 * in one transaction: new receipts are inserted, changed ones updated, absent ones (on a
 * complete fetch) marked removed, a returning one un-marked. Every insert and change writes a
 * proposal_versions row with the changed fields. If anything throws, nothing is written.
 *
 * Changes are found by comparing the source with what it said last (proposal_source_values),
 * so an editor's correction survives: see `compare`.
 */
export async function syncProposals(db: Db, input: SyncInput): Promise<JobCounts> {
  const actor = input.actor ?? "source:doge";
  const unobserved = new Set(input.unobserved ?? []);
  return db.transaction(async (tx) => {
    await refuseOlderList(tx, input);
    const existing = await loadExisting(tx, input.commissionId, input.kind);
    const counts: JobCounts = { fetched: 0, inserted: 0, changed: 0, removed: 0 };
    const fresh: ProposalDraft[] = [];
    const unchangedIds: number[] = [];
    const changed: Pending[] = [];
    // Rows whose source values are to be stored: every row this sync writes, and unchanged ones
    // synced before the source values were kept.
    const sourceMoved: { id: number; draft: ProposalDraft; row?: Existing }[] = [];
    const seen = new Set<string>();

    for (const draft of input.drafts) {
      counts.fetched += draft.receiptCount;
      seen.add(draft.naturalKey);
      const row = existing.get(draft.naturalKey);
      if (!row) {
        fresh.push(draft);
        continue;
      }
      const { live, kept } = compare(row, draft, unobserved);
      const changes: Changes = { ...live };
      for (const [f, change] of Object.entries(kept)) changes[`${f}AtSource`] = change;
      if (row.removedFromSourceAt) {
        changes.removedFromSourceAt = { old: row.removedFromSourceAt, new: null };
      }
      if (Object.keys(changes).length === 0) {
        unchangedIds.push(row.id);
        if (!row.sourceValues) sourceMoved.push({ id: row.id, draft, row });
        continue;
      }
      changed.push({ row, draft, live, changes, reason: reasonFor(row, kept, draft, unobserved) });
    }
    if (input.complete) changed.push(...emptiedPools(existing, seen, input.seenAt));
    const applied = await applyChanges(tx, changed, input.seenAt, actor);
    counts.changed = applied.length;
    for (const { row, draft } of applied) sourceMoved.push({ id: row.id, draft, row });
    await storeSourceValues(tx, sourceMoved, unobserved);

    for (let i = 0; i < unchangedIds.length; i += BATCH) {
      await tx
        .update(proposals)
        .set({ lastSeenAt: input.seenAt })
        .where(inArray(proposals.id, unchangedIds.slice(i, i + BATCH)));
    }

    counts.inserted = await insertFresh(tx, input, fresh, actor, unobserved);

    if (input.complete) {
      // Pools are not among them: an emptied pool is a change of the pool (emptiedPools).
      const gone = [...existing.values()].filter(
        (row) =>
          !seen.has(row.naturalKey) && !row.removedFromSourceAt && !isPoolKey(row.naturalKey),
      );
      // Counted groups of unidentified receipts from before pools: now in their pool, they are
      // retired (retracted, saying why), never reported as removed from the source.
      const regrouped = gone.filter((row) => LEGACY_GROUP.test(row.naturalKey));
      await applyRemovals(tx, regrouped, input.seenAt, actor, "regrouped");
      counts.removed = await applyRemovals(
        tx,
        gone.filter((row) => !LEGACY_GROUP.test(row.naturalKey)),
        input.seenAt,
        actor,
        "removed",
      );
    }
    return counts;
  });
}

/**
 * Pools a complete list no longer holds (its receipts gained identifiers, as the grants of
 * 2025-03-19 did by 2025-03-30, or the source dropped them all): each is one version of the pool
 * going to zero receipts ("pool changed at source: −15,212 receipts (15,212 → 0)"), never a
 * removal of claims; holding nothing, it is no longer listed (removed_from_source_at is set, so
 * it leaves the live totals), and a list that holds its receipts again brings it back.
 */
function emptiedPools(
  existing: Map<string, Existing>,
  seen: Set<string>,
  seenAt: string,
): Pending[] {
  const pending: Pending[] = [];
  for (const row of existing.values()) {
    if (seen.has(row.naturalKey) || row.removedFromSourceAt || !isPoolKey(row.naturalKey)) continue;
    const draft: ProposalDraft = {
      ...row,
      kind: row.naturalKey.startsWith("grant:") ? "grant" : "contract",
      receiptCount: 0,
      claimedSavings: "0",
      claimedValue: row.claimedValue == null ? null : "0",
      receiptDates: {},
    };
    // Every sum goes to zero, whatever the list carries: nothing is left to sum.
    const { live } = compare(row, draft);
    pending.push({
      row,
      draft,
      live,
      changes: { ...live, removedFromSourceAt: { old: null, new: seenAt } },
      reason: `pool changed at source: ${poolDelta(row, draft, true)}; no receipt of it is listed`,
    });
  }
  return pending;
}

/** A list older than one already synced: history is written forward only. */
export class OlderListError extends Error {}

/**
 * Refuse a list the source showed before the newest one already synced for this commission and
 * kind: placing it would rewrite later history (a receipt "removed" before it was last seen).
 * Older snapshots are imported first, in time order.
 */
async function refuseOlderList(db: Db, input: SyncInput) {
  const [row] = await db
    .select({ latest: sql<string | null>`max(${proposals.lastSeenAt})::text` })
    .from(proposals)
    .where(
      and(
        eq(proposals.commissionId, input.commissionId),
        eq(proposals.kind, input.kind),
        eq(proposals.source, "doge"),
      ),
    );
  const latest = row?.latest;
  if (latest && new Date(latest).getTime() > new Date(input.seenAt).getTime()) {
    throw new OlderListError(
      `this ${input.kind} list was shown at ${input.seenAt}, before the newest one already synced (${latest}): import snapshots oldest first; a later list's history is never rewritten`,
    );
  }
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
      sourceValues: proposalSourceValues.values,
    })
    .from(proposals)
    .leftJoin(proposalSourceValues, eq(proposalSourceValues.proposalId, proposals.id))
    .where(
      and(
        eq(proposals.commissionId, commissionId),
        eq(proposals.kind, kind),
        eq(proposals.source, "doge"),
      ),
    );
  return new Map(rows.map((r) => [r.naturalKey, r as Existing]));
}

/**
 * What a fetch changes on a row, field by field. A field the source did not change since the
 * last sync is left as it is, whoever set it. A field the source changed follows the source
 * (`live`) unless the row no longer holds what the source said before: then an editor corrected
 * it, and the correction is kept while the source's new value is recorded (`kept`).
 */
export function compare(
  row: Existing,
  draft: ProposalDraft,
  unobserved: ReadonlySet<DraftField> = new Set(),
): { live: Changes; kept: Changes } {
  const live: Changes = {};
  const kept: Changes = {};
  for (const f of DRAFT_FIELDS) {
    // What the list does not carry it cannot have changed: never a change to NULL.
    if (unobserved.has(f)) continue;
    const current = row[f] ?? null;
    // A row synced before source values were kept: its live value stands for the source's.
    const before = row.sourceValues ? (row.sourceValues[f] ?? null) : current;
    const after = draft[f] ?? null;
    if (same(f, before, after)) continue;
    if (same(f, current, before)) live[f] = { old: current, new: after };
    else kept[f] = { old: before, new: after };
  }
  return { live, kept };
}

/**
 * Text the lists write in whatever case their scraper kept: the 2025-03-05 list has every name
 * and description in capitals, the lists around it do not. A difference of letter case or
 * spacing alone says nothing new, so it is no change at the source (the stored form stands).
 */
const CASELESS_FIELDS: ReadonlySet<DraftField> = new Set([
  "agencyName",
  "title",
  "description",
  "recipient",
]);

function same(field: DraftField, a: unknown, b: unknown): boolean {
  if (CASELESS_FIELDS.has(field) && typeof a === "string" && typeof b === "string") {
    return normalizeName(a) === normalizeName(b);
  }
  return sameFieldValue(field, a, b);
}

/** Natural keys of the counted groups that pools replaced (see receipts.ts). */
const LEGACY_GROUP = /^contract:group:/;
const REGROUPED =
  "regrouped: unidentified receipts are now one pool per label and agency, which counts this one";

function reasonFor(
  row: Existing,
  kept: Changes,
  draft: ProposalDraft,
  unobserved: ReadonlySet<DraftField>,
): string {
  const base = row.removedFromSourceAt
    ? "back at source"
    : isPoolKey(row.naturalKey)
      ? `pool changed at source: ${poolDelta(row, draft, !unobserved.has("claimedSavings"))}`
      : "changed at source";
  const fields = Object.keys(kept).map(snakeName);
  if (fields.length === 0) return base;
  return `${base}; an editor's correction of ${fields.join(", ")} is kept`;
}

/** "+93 receipts (3,252 → 3,345), +$27,912,345.00": what a pool's change amounts to. */
function poolDelta(row: Existing, draft: ProposalDraft, savingsObserved: boolean): string {
  const receipts = draft.receiptCount - row.receiptCount;
  const signed = (n: Big | number, text: string) => `${Number(n) < 0 ? "−" : "+"}${text}`;
  const parts = [
    `${signed(receipts, Math.abs(receipts).toLocaleString("en-US"))} receipts (${row.receiptCount.toLocaleString("en-US")} → ${draft.receiptCount.toLocaleString("en-US")})`,
  ];
  // A list that does not carry the claim says nothing of how it moved.
  if (savingsObserved) {
    const savings = new Big(draft.claimedSavings ?? "0").minus(row.claimedSavings ?? "0");
    parts.push(`${signed(savings, dollars(savings.abs()))} claimed`);
  }
  return parts.join(", ");
}

/**
 * The source's values of a draft, as proposal_source_values keeps them. A field the list did not
 * carry keeps what the source said before (for a row synced before source values were kept, its
 * live value stands for it, as in `compare`); on a new row it is unknown.
 */
function sourceValuesOf(
  draft: ProposalDraft,
  unobserved: ReadonlySet<DraftField>,
  row?: Existing,
): Record<string, unknown> {
  const values: Record<string, unknown> = Object.fromEntries(
    DRAFT_FIELDS.map((f) => {
      if (!unobserved.has(f)) return [f, draft[f] ?? null];
      if (!row) return [f, null];
      return [f, (row.sourceValues ? row.sourceValues[f] : row[f]) ?? null];
    }),
  );
  // An archived record's unmapped columns, kept until a record that carries others.
  const extra = draft.sourceExtra ?? row?.sourceValues?.extra;
  if (extra) values.extra = extra;
  return values;
}

async function storeSourceValues(
  db: Db,
  rows: { id: number; draft: ProposalDraft; row?: Existing }[],
  unobserved: ReadonlySet<DraftField>,
) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insert(proposalSourceValues)
      .values(
        rows
          .slice(i, i + BATCH)
          .map((r) => ({ proposalId: r.id, values: sourceValuesOf(r.draft, unobserved, r.row) })),
      )
      .onConflictDoUpdate({
        target: proposalSourceValues.proposalId,
        set: { values: sql`excluded.values`, updatedAt: sql`now()` },
      });
  }
}

type Pending = {
  row: Existing;
  draft: ProposalDraft;
  /** The fields that follow the source; the others keep the row's value. */
  live: Changes;
  /** What the version records: `live`, the kept corrections' source values, a return. */
  changes: Changes;
  reason: string;
};

// Rows per statement when writing changes: a few statements per batch, never one per row.
const CHANGE_BATCH = 200;
const DRAFT_COLUMNS = DRAFT_FIELDS.map((f) => proposals[f]);

/**
 * Write changed receipts a batch at a time: one UPDATE taking each row's new values from a
 * JSON recordset, one SELECT for the snapshots, one multi-row INSERT of their versions.
 *
 * A claim whose agency name changes loses its agency code, for the alias match that follows
 * (assignAgencyCodes) to set afresh.
 *
 * Each row is updated only if it is still at the version this sync read: an editor who saved in
 * between would otherwise lose the edit to values read before it. Such a row is left for the next
 * sync (its source values are not stored, so it is compared afresh). Returns the rows written.
 */
async function applyChanges(
  db: Db,
  pending: Pending[],
  seenAt: string,
  actor: string,
): Promise<Pending[]> {
  const recordset = sql.join(
    [
      sql`id bigint`,
      sql`version integer`,
      ...DRAFT_COLUMNS.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`),
    ],
    sql`, `,
  );
  const assignments = sql.join(
    DRAFT_COLUMNS.map((c) => sql`${sql.identifier(c.name)} = d.${sql.identifier(c.name)}`),
    sql`, `,
  );
  const applied: Pending[] = [];
  for (let i = 0; i < pending.length; i += CHANGE_BATCH) {
    const batch = pending.slice(i, i + CHANGE_BATCH);
    const payload = batch.map(({ row, draft, live }) => ({
      id: row.id,
      version: row.version,
      ...Object.fromEntries(
        DRAFT_FIELDS.map((f) => [proposals[f].name, (f in live ? draft[f] : row[f]) ?? null]),
      ),
    }));
    const updated = await db.execute<{ id: number | string }>(sql`
      update ${proposals} set ${assignments},
        -- A pool left with no receipts is no longer listed (see emptiedPools).
        removed_from_source_at = case when d.receipt_count = 0 then ${seenAt}::timestamptz end,
        agency_code = case when d.agency_name is distinct from ${qualified(proposals.agencyName)}
          then null else ${qualified(proposals.agencyCode)} end,
        last_seen_at = ${seenAt}, version = ${qualified(proposals.version)} + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as d(${recordset})
      where ${qualified(proposals.id)} = d.id and ${qualified(proposals.version)} = d.version
      returning ${qualified(proposals.id)}`);
    const ids = new Set(updated.rows.map((r) => Number(r.id)));
    const written = batch.filter((p) => ids.has(p.row.id));
    if (written.length > 0) await writeVersions(db, written, actor, seenAt);
    applied.push(...written);
  }
  return applied;
}

/**
 * Mark receipts gone from a complete list as removed, a batch at a time, each only if still at
 * the version this sync read (as in `applyChanges`). Returns how many were marked.
 */
async function applyRemovals(
  db: Db,
  gone: Existing[],
  seenAt: string,
  actor: string,
  as: "removed" | "regrouped",
): Promise<number> {
  const mark =
    as === "removed"
      ? {
          set: { removedFromSourceAt: seenAt },
          field: "removedFromSourceAt",
          reason: "removed from source",
        }
      : {
          set: { retractedAt: seenAt, retractionReason: REGROUPED },
          field: "retractedAt",
          reason: REGROUPED,
        };
  let removed = 0;
  for (let i = 0; i < gone.length; i += CHANGE_BATCH) {
    const batch = gone.slice(i, i + CHANGE_BATCH);
    const unchanged = sql.join(
      batch.map((r) => sql`(${r.id}::bigint, ${r.version}::integer)`),
      sql`, `,
    );
    const updated = await db
      .update(proposals)
      .set({ ...mark.set, version: sql`${proposals.version} + 1`, updatedAt: sql`now()` })
      .where(sql`(${proposals.id}, ${proposals.version}) in (${unchanged})`)
      .returning({ id: proposals.id });
    const ids = new Set(updated.map((r) => r.id));
    const written = batch.filter((row) => ids.has(row.id));
    if (written.length > 0) {
      await writeVersions(
        db,
        written.map((row) => ({
          row,
          changes: { [mark.field]: { old: null, new: seenAt } },
          reason: mark.reason,
        })),
        actor,
        seenAt,
      );
    }
    removed += written.length;
  }
  return removed;
}

/** The version rows of a batch just updated: full snapshots as they now are. */
async function writeVersions(
  db: Db,
  batch: { row: Existing; changes: Changes; reason: string }[],
  actor: string,
  observedAt: string,
) {
  const rows = await db
    .select()
    .from(proposals)
    .where(
      inArray(
        proposals.id,
        batch.map((p) => p.row.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  await db.insert(proposalVersions).values(
    batch.map(({ row, changes, reason }) => {
      const updated = byId.get(row.id);
      if (!updated) throw new Error(`proposal ${row.id} vanished during sync`);
      return {
        proposalId: row.id,
        version: updated.version,
        snapshot: snapshotOf(updated),
        changedFields: changes,
        actor,
        reason,
        observedAt,
      };
    }),
  );
}

async function insertFresh(
  db: Db,
  input: SyncInput,
  fresh: ProposalDraft[],
  actor: string,
  unobserved: ReadonlySet<DraftField>,
) {
  // A field the list does not carry starts unknown, whatever placeholder its draft holds.
  const unknown = Object.fromEntries([...unobserved].map((f) => [f, null]));
  let inserted = 0;
  for (let i = 0; i < fresh.length; i += BATCH) {
    const rows = await db
      .insert(proposals)
      .values(
        fresh.slice(i, i + BATCH).map(({ sourceExtra: _, ...d }) => ({
          ...d,
          ...unknown,
          commissionId: input.commissionId,
          source: "doge",
          sources: input.sources,
          firstSeenAt: input.seenAt,
          lastSeenAt: input.seenAt,
        })),
      )
      .returning();
    const drafts = new Map(fresh.slice(i, i + BATCH).map((d) => [d.naturalKey, d]));
    await storeSourceValues(
      db,
      rows.map((r) => ({ id: r.id, draft: drafts.get(r.naturalKey) as ProposalDraft })),
      unobserved,
    );
    await db.insert(proposalVersions).values(
      rows.map((r) => ({
        proposalId: r.id,
        version: r.version,
        snapshot: snapshotOf(r),
        actor,
        reason: "first seen at source",
        observedAt: input.seenAt,
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
