import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client.ts";
import {
  type ChangedFields,
  proposalSourceValues,
  proposals,
  proposalVersions,
} from "../schema/index.ts";
import { assignAgencyCodes } from "./agencies.ts";
import { qualified } from "./sql.ts";
import { proposalSnapshot } from "./versioned.ts";

/**
 * The persistence of a source sync (worker/jobs/doge/sync.ts): the source-backed proposals of one
 * commission and kind, what their source said last (proposal_source_values) and their history.
 * What to write is decided by the job; every function here writes in the caller's transaction.
 */

type ProposalFull = typeof proposals.$inferSelect;
type ProposalInsert = typeof proposals.$inferInsert;
export type ProposalField = keyof ProposalFull & keyof ProposalInsert;

/** The source-backed proposals of one commission and kind. */
export type SyncScope = { commissionId: number; kind: ProposalFull["kind"] };

/** A row as the sync compares it: the given fields and what it needs to write a change. */
export type SyncedRow<F extends ProposalField> = Pick<ProposalFull, F> & {
  id: number;
  naturalKey: string;
  version: number;
  removedFromSourceAt: string | null;
  /** What the source said at the last sync; null for rows synced before it was kept. */
  sourceValues: Record<string, unknown> | null;
};

/** A version row for a row just written: what changed and why. */
export type VersionEntry = { id: number; changes: ChangedFields; reason: string };

// Rows per statement: a few statements per batch, never one per row.
const BATCH = 500;
const CHANGE_BATCH = 200;

const columnOf = (f: ProposalField) => proposals[f] as AnyPgColumn;

function inScope(scope: SyncScope) {
  return and(
    eq(proposals.commissionId, scope.commissionId),
    eq(proposals.kind, scope.kind),
    eq(proposals.source, "doge"),
  );
}

/** When the newest list already synced for a scope was shown; null before the first. */
export async function latestSyncedAt(db: Db, scope: SyncScope): Promise<string | null> {
  const [row] = await db
    .select({ latest: sql<string | null>`max(${proposals.lastSeenAt})::text` })
    .from(proposals)
    .where(inScope(scope));
  return row?.latest ?? null;
}

/** How many of a scope's proposals the source lists now (not marked removed). */
export async function countListed(db: Db, scope: SyncScope): Promise<number> {
  const [row] = await db
    .select({ present: count() })
    .from(proposals)
    .where(and(inScope(scope), isNull(proposals.removedFromSourceAt)));
  return row?.present ?? 0;
}

/** A scope's proposals with the given fields and their stored source values, by natural key. */
export async function loadSynced<F extends ProposalField>(
  db: Db,
  scope: SyncScope,
  fields: readonly F[],
): Promise<Map<string, SyncedRow<F>>> {
  const columns = Object.fromEntries(fields.map((f) => [f, columnOf(f)]));
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
    .where(inScope(scope));
  return new Map(rows.map((r) => [r.naturalKey, r as unknown as SyncedRow<F>]));
}

/** Store (or replace) what the source said of each proposal. */
export async function storeSourceValues(
  db: Db,
  rows: { proposalId: number; values: Record<string, unknown> }[],
) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insert(proposalSourceValues)
      .values(rows.slice(i, i + BATCH))
      .onConflictDoUpdate({
        target: proposalSourceValues.proposalId,
        set: { values: sql`excluded.values`, updatedAt: sql`now()` },
      });
  }
}

/** Proposals the source still lists unchanged: seen at `seenAt`, nothing else. */
export async function markSeen(db: Db, ids: number[], seenAt: string) {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db
      .update(proposals)
      .set({ lastSeenAt: seenAt })
      .where(inArray(proposals.id, ids.slice(i, i + BATCH)));
  }
}

/**
 * Write changed proposals a batch at a time: one UPDATE taking each row's new values (of
 * `fields`) from a JSON recordset, then their version rows (one SELECT for the snapshots, one
 * multi-row INSERT).
 *
 * A proposal whose agency name changes loses its agency code, for the alias match that follows
 * (assignAgencyCodes) to set afresh. One left with no receipts (an emptied pool) is marked
 * removed from the source at `seenAt`. One given a new natural key (the same award whose
 * identifiers the list wrote otherwise) takes it and keeps the old one among its former keys.
 *
 * Each row is updated only if it is still at the version the caller read: an editor who saved in
 * between would otherwise lose the edit to values read before it. Returns the ids written.
 */
export async function updateFromSource<F extends ProposalField>(
  db: Db,
  fields: readonly F[],
  rows: (VersionEntry & { version: number; values: Record<F, unknown>; naturalKey?: string })[],
  seenAt: string,
  actor: string,
): Promise<Set<number>> {
  const columns = fields.map(columnOf);
  const recordset = sql.join(
    [
      sql`id bigint`,
      sql`version integer`,
      sql`new_natural_key text`,
      ...columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`),
    ],
    sql`, `,
  );
  const assignments = sql.join(
    columns.map((c) => sql`${sql.identifier(c.name)} = d.${sql.identifier(c.name)}`),
    sql`, `,
  );
  const written = new Set<number>();
  for (let i = 0; i < rows.length; i += CHANGE_BATCH) {
    const batch = rows.slice(i, i + CHANGE_BATCH);
    const payload = batch.map(({ id, version, values, naturalKey }) => ({
      id,
      version,
      new_natural_key: naturalKey ?? null,
      ...Object.fromEntries(fields.map((f) => [columnOf(f).name, values[f] ?? null])),
    }));
    const updated = await db.execute<{ id: number | string }>(sql`
      update ${proposals} set ${assignments},
        removed_from_source_at = case when d.receipt_count = 0 then ${seenAt}::timestamptz end,
        natural_key = coalesce(d.new_natural_key, ${qualified(proposals.naturalKey)}),
        former_keys = case when d.new_natural_key <> ${qualified(proposals.naturalKey)}
          then ${qualified(proposals.formerKeys)} || ${qualified(proposals.naturalKey)}
          else ${qualified(proposals.formerKeys)} end,
        agency_code = case when d.agency_name is distinct from ${qualified(proposals.agencyName)}
          then null else ${qualified(proposals.agencyCode)} end,
        last_seen_at = ${seenAt}, version = ${qualified(proposals.version)} + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as d(${recordset})
      where ${qualified(proposals.id)} = d.id and ${qualified(proposals.version)} = d.version
      returning ${qualified(proposals.id)}`);
    const ids = new Set(updated.rows.map((r) => Number(r.id)));
    const done = batch.filter((r) => ids.has(r.id));
    if (done.length > 0) await writeVersions(db, done, actor, seenAt);
    for (const r of done) written.add(r.id);
  }
  return written;
}

/** How a proposal gone from a complete list is marked: removed, or retracted with a reason. */
export type GoneMark =
  | { removedFromSourceAt: string }
  | { retractedAt: string; retractionReason: string };

/**
 * Mark proposals gone from a complete list, a batch at a time, each only if still at the version
 * the caller read (as in `updateFromSource`), with a version row each. Returns the ids marked.
 */
export async function markGone(
  db: Db,
  rows: (VersionEntry & { version: number })[],
  mark: GoneMark,
  seenAt: string,
  actor: string,
): Promise<Set<number>> {
  const written = new Set<number>();
  for (let i = 0; i < rows.length; i += CHANGE_BATCH) {
    const batch = rows.slice(i, i + CHANGE_BATCH);
    const unchanged = sql.join(
      batch.map((r) => sql`(${r.id}::bigint, ${r.version}::integer)`),
      sql`, `,
    );
    const updated = await db
      .update(proposals)
      .set({ ...mark, version: sql`${proposals.version} + 1`, updatedAt: sql`now()` })
      .where(sql`(${proposals.id}, ${proposals.version}) in (${unchanged})`)
      .returning({ id: proposals.id });
    const ids = new Set(updated.map((r) => r.id));
    const done = batch.filter((r) => ids.has(r.id));
    if (done.length > 0) await writeVersions(db, done, actor, seenAt);
    for (const r of done) written.add(r.id);
  }
  return written;
}

/** The version rows of a batch just updated: full snapshots as they now are. */
async function writeVersions(db: Db, batch: VersionEntry[], actor: string, observedAt: string) {
  const rows = await db
    .select()
    .from(proposals)
    .where(
      inArray(
        proposals.id,
        batch.map((p) => p.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  await db.insert(proposalVersions).values(
    batch.map(({ id, changes, reason }) => {
      const updated = byId.get(id);
      if (!updated) throw new Error(`proposal ${id} vanished during sync`);
      return {
        proposalId: id,
        version: updated.version,
        snapshot: proposalSnapshot(updated),
        changedFields: changes,
        actor,
        reason,
        observedAt,
      };
    }),
  );
}

/**
 * Insert proposals first seen at the source, a batch at a time, each with its source values and
 * its first version row ("first seen at source"). Returns how many were inserted.
 */
export async function insertFromSource(
  db: Db,
  rows: { values: ProposalInsert; sourceValues: Record<string, unknown> }[],
  actor: string,
  seenAt: string,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const fresh = await db
      .insert(proposals)
      .values(batch.map((r) => r.values))
      .returning({ id: proposals.id });
    // Matched to an agency before the first version is written, so that version holds the code.
    const ids = fresh.map((r) => r.id);
    await assignAgencyCodes(db, { ids });
    const written = await db.select().from(proposals).where(inArray(proposals.id, ids));
    const byKey = new Map(batch.map((r) => [r.values.naturalKey, r.sourceValues]));
    await storeSourceValues(
      db,
      written.map((r) => {
        const values = byKey.get(r.naturalKey);
        if (!values)
          throw new Error(`proposal ${r.naturalKey} was inserted without its source values`);
        return { proposalId: r.id, values };
      }),
    );
    await db.insert(proposalVersions).values(
      written.map((r) => ({
        proposalId: r.id,
        version: r.version,
        snapshot: proposalSnapshot(r),
        actor,
        reason: "first seen at source",
        observedAt: seenAt,
      })),
    );
    inserted += written.length;
  }
  return inserted;
}
