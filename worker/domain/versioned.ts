import { type Db, type Tx, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import { claimIdempotencyKey, storeIdempotentResponse } from "../../db/queries/idempotency.ts";
import type { Changes, VersionedTable } from "../../db/queries/versioned.ts";
import { sameFieldValue } from "../lib/money.ts";
import { Refusal } from "./errors.ts";

/**
 * Write services for the versioned records (proposals, members, commissions): create, correct
 * and retract, each one transaction holding the change, its history version and its audit row.
 * They refuse with a domain Refusal (no such record, a stale version), never an HTTP error: the
 * app answers a refusal as the problem of its kind.
 */

/** Who makes a change: `key:<id>` for an editor, `source:doge` for the job, `cli` for a command. */
export type Who = { actor: string; requestId: string | null };

type Row = { id: number; version: number };

/** A new record, its first history row and its audit row, in the caller's transaction. */
async function createRecord<R extends Row, I>(
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

/** A correction or retraction: of which record, from which version, by whom and why. */
export type Edit<I> = {
  id: number;
  ifVersion: number | undefined;
  patch: Partial<I>;
  who: Who;
  reason: string | null;
  action: "update" | "retract";
};

export type EditOutcome<R> =
  | { outcome: "missing" }
  | { outcome: "stale"; current: R }
  | { outcome: "done"; row: R; changed: string[] };

/**
 * Change a record if it is still at `ifVersion`: the row is locked first, so of two editors
 * saving the same version at once exactly one wins and the other gets "stale". A patch that
 * changes nothing writes nothing.
 */
async function editRecord<R extends Row, I>(
  tx: Tx,
  table: VersionedTable<R, I>,
  edit: Edit<I>,
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
function diffFields(row: object, patch: Record<string, unknown>): Changes {
  const before = row as Record<string, unknown>;
  const changes: Changes = {};
  for (const [field, next] of Object.entries(patch)) {
    if (next === undefined) continue;
    const old = before[field] ?? null;
    if (!sameFieldValue(field, old, next)) changes[field] = { old, new: next };
  }
  return changes;
}

/** An Idempotency-Key as a create claims it: the same key with another request is refused. */
export type IdempotencyClaim = { apiKeyId: number; key: string; requestHash: string };

/** A create's response, as first given or as replayed for a repeated Idempotency-Key. */
export type Created = {
  replayed: boolean;
  status: number;
  location: string | null;
  body: { data: { version: number } };
};

/** What a resource's writes need beyond the shared mechanics. */
export type VersionedResource<R extends Row, I, Body> = {
  table: VersionedTable<R, I>;
  /** The row to insert for a create body (e.g. a commission slug resolved to its id). */
  toInsert: (tx: Tx, body: Body) => Promise<I>;
  /** The record as GET shows it. */
  read: (db: Db | Tx, id: number) => Promise<{ version: number } | undefined>;
  /** The created record's URL. */
  locate: (row: R) => string;
};

/**
 * Create a record once: with an Idempotency-Key the key is claimed in the same transaction, so a
 * retry (even a concurrent one) gets the first response and writes nothing.
 */
export function createVersioned<R extends Row, I, Body>(
  db: Db,
  resource: VersionedResource<R, I, Body>,
  input: {
    body: Body;
    reason: string | null;
    who: Who;
    idempotency?: IdempotencyClaim | undefined;
  },
): Promise<Created> {
  const { idempotency } = input;
  return withTransaction(db, async (tx) => {
    if (idempotency) {
      const earlier = await claimIdempotencyKey(tx, idempotency);
      if (earlier) {
        if (earlier.requestHash !== idempotency.requestHash) {
          throw new Refusal(
            "idempotency-key-reused",
            "This Idempotency-Key was used for a different request.",
          );
        }
        return {
          replayed: true,
          status: earlier.status ?? 201,
          location: earlier.location,
          body: earlier.body as Created["body"],
        };
      }
    }
    const values = await resource.toInsert(tx, input.body);
    const row = await createRecord(tx, resource.table, values, input.who, input.reason);
    const record = await resource.read(tx, row.id);
    if (!record) throw new Error(`a created ${resource.table.resource} cannot be read back`);
    const response = { status: 201, location: resource.locate(row), body: { data: record } };
    if (idempotency) await storeIdempotentResponse(tx, idempotency, response);
    return { replayed: false, ...response };
  });
}

/**
 * Correct or retract a record still at `ifVersion` (any version when undefined), in one
 * transaction; answers the record as GET shows it now.
 */
export function editVersioned<R extends Row, I, Body>(
  db: Db,
  resource: VersionedResource<R, I, Body>,
  edit: Edit<I>,
): Promise<{ version: number }> {
  const what = `${resource.table.resource} ${edit.id}`;
  return withTransaction(db, async (tx) => {
    editedRow(await editRecord(tx, resource.table, edit), what);
    const record = await resource.read(tx, edit.id);
    if (!record) throw new Refusal("not-found", `No ${what}.`);
    return record;
  });
}

/** A retraction's columns: the record stays, marked with when and why. */
export function retraction(reason: string) {
  return { retractedAt: new Date().toISOString(), retractionReason: reason };
}

/** An edit's outcome as its refusal, or the edited row. */
export function editedRow<R extends { version: number }>(outcome: EditOutcome<R>, what: string): R {
  if (outcome.outcome === "missing") throw new Refusal("not-found", `No ${what}.`);
  if (outcome.outcome === "stale") {
    throw new Refusal(
      "precondition-failed",
      `The ${what} is at version ${outcome.current.version} now; read it again and reapply your change.`,
    );
  }
  return outcome.row;
}

/** A commission slug in a body, as its id; refused naming the field when there is none. */
export async function commissionIdOf(
  tx: Tx,
  slug: string,
  lookup: (tx: Tx, slug: string) => Promise<number | undefined>,
): Promise<number> {
  const id = await lookup(tx, slug);
  if (id === undefined) {
    throw new Refusal("bad-request", `No commission "${slug}".`, [
      { name: "commission", message: "no such commission" },
    ]);
  }
  return id;
}
