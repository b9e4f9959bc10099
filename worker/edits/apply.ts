import type { Tx } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import type { Changes, VersionedTable } from "../../db/queries/versioned.ts";
import { sameFieldValue } from "../lib/money.ts";

/** Who makes a change: `key:<id>` for an editor, `source:doge` for the job, `cli` for a command. */
export type Who = { actor: string; requestId: string | null };

type Row = { id: number; version: number };

/** A new record, its first history row and its audit row, in the caller's transaction. */
export async function createRecord<R extends Row, I>(
  tx: Tx,
  table: VersionedTable<R, I>,
  values: I,
  who: Who,
  reason: string | null,
): Promise<R> {
  const row = await table.insert(tx, values);
  await table.history(tx, row, {
    changedFields: {},
    actor: who.actor,
    reason: reason ?? "created",
    requestId: who.requestId,
  });
  await writeAudit(tx, {
    actor: who.actor,
    action: `${table.resource}.create`,
    resourceType: table.resource,
    resourceId: String(row.id),
    requestId: who.requestId,
    details: { version: row.version, reason },
  });
  return row;
}

export type EditOutcome<R> =
  | { outcome: "missing" }
  | { outcome: "stale"; current: R }
  | { outcome: "done"; row: R; changed: string[] };

/**
 * Change a record if it is still at `ifVersion`: the row is locked first, so of two editors
 * saving the same version at once exactly one wins and the other gets "stale". A patch that
 * changes nothing writes nothing.
 */
export async function editRecord<R extends Row, I>(
  tx: Tx,
  table: VersionedTable<R, I>,
  edit: {
    id: number;
    ifVersion: number | undefined;
    patch: Partial<I>;
    who: Who;
    reason: string | null;
    action: "update" | "retract";
  },
): Promise<EditOutcome<R>> {
  const current = await table.lock(tx, edit.id);
  if (!current) return { outcome: "missing" };
  if (edit.ifVersion !== undefined && current.version !== edit.ifVersion) {
    return { outcome: "stale", current };
  }
  const changes = diffFields(current, edit.patch as Record<string, unknown>);
  if (table.derive) Object.assign(changes, await table.derive(tx, current, changes, edit.patch));
  const changed = Object.keys(changes);
  if (!changed.length) return { outcome: "done", row: current, changed };
  const values = Object.fromEntries(changed.map((f) => [f, changes[f]?.new])) as Partial<I>;
  const row = await table.update(tx, edit.id, values);
  const entry = { actor: edit.who.actor, reason: edit.reason, requestId: edit.who.requestId };
  await table.history(tx, row, { changedFields: changes, ...entry });
  await writeAudit(tx, {
    actor: edit.who.actor,
    action: `${table.resource}.${edit.action}`,
    resourceType: table.resource,
    resourceId: String(row.id),
    requestId: edit.who.requestId,
    details: { version: row.version, changes, reason: edit.reason },
  });
  return { outcome: "done", row, changed };
}

/** Field-level differences, old → new; money compared as decimals (100 = 100.00). */
export function diffFields(row: object, patch: Record<string, unknown>): Changes {
  const before = row as Record<string, unknown>;
  const changes: Changes = {};
  for (const [field, next] of Object.entries(patch)) {
    if (next === undefined) continue;
    const old = before[field] ?? null;
    if (!sameFieldValue(field, old, next)) changes[field] = { old, new: next };
  }
  return changes;
}
