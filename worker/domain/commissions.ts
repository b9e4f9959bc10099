import { type Db, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import {
  type CommissionRow,
  commissionIdBySlug,
  countCommissions,
  getCommission,
  getCommissionById,
  listCommissions,
} from "../../db/queries/commissions.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import { type CommissionRowFull, commissionTable } from "../../db/queries/versioned.ts";
import type { commissions } from "../../db/schema/index.ts";
import { type ApiRecord, fromApi, toApi } from "../lib/serialize.ts";
import { Refusal } from "./errors.ts";
import type { VersionedResource, Who } from "./versioned.ts";

/** A commission as the API shows it, with links to its members and claims. */
export type CommissionRecord = ApiRecord<CommissionRow> & {
  links: { members: string; proposals: string };
};

export function commissionRecord(row: CommissionRow): CommissionRecord {
  const slug = encodeURIComponent(row.slug);
  return {
    ...toApi(row),
    links: {
      members: `/v1/members?commission=${slug}`,
      proposals: `/v1/proposals?commission=${slug}`,
    },
  };
}

/** How commissions are read as a list (by id). */
export function commissionListSpec(db: Db, desc: boolean) {
  return {
    page: (after: KeysetPosition | undefined, limit: number) =>
      listCommissions(db, { desc, after, limit }),
    position: (row: CommissionRow) => ({ value: null, key: row.id }),
    record: commissionRecord,
    total: () => countCommissions(db),
  };
}

type Body = Record<string, unknown>;
type NewCommission = typeof commissions.$inferInsert;

/** Editors add and correct commissions; changes are kept in the audit log. */
export const commissionWrites: VersionedResource<CommissionRowFull, NewCommission, Body> = {
  table: commissionTable,
  toInsert: async (_tx, { reason: _reason, ...fields }) => fromApi(fields) as NewCommission,
  read: async (db, id) => {
    const row = await getCommissionById(db, id);
    return row && commissionRecord(row);
  },
  locate: (row) => `/v1/commissions/${row.slug}`,
};

/**
 * Rename a commission (an admin's action): its slug is an identifier others link to, so the old
 * one keeps naming it (GET /v1/commissions/{old} redirects; `commission=<old>` filters the same
 * rows) and no other commission may take it. One transaction: the new slug, a version, the old
 * slug kept, the audit row. Answers the commission as it now is.
 */
export function renameCommission(
  db: Db,
  edit: { slug: string; to: string; ifVersion: number | undefined; who: Who; reason: string },
) {
  return withTransaction(db, async (tx) => {
    const id = await commissionIdBySlug(tx, edit.slug);
    const current = id === undefined ? undefined : await commissionTable.lock(tx, id);
    if (id === undefined || !current)
      throw new Refusal("not-found", `No commission "${edit.slug}".`);
    if (edit.ifVersion !== undefined && current.version !== edit.ifVersion) {
      throw new Refusal(
        "precondition-failed",
        `The commission is at version ${current.version} now; read it again and reapply your change.`,
      );
    }
    const holder = await commissionIdBySlug(tx, edit.to);
    if (holder !== undefined && holder !== id) {
      throw new Refusal(
        "conflict",
        `The slug "${edit.to}" names another commission, now or before.`,
        [{ name: "slug", message: "is taken" }],
      );
    }
    if (current.slug !== edit.to) {
      const row = await commissionTable.update(tx, id, { slug: edit.to });
      await writeAudit(tx, {
        actor: edit.who.actor,
        action: "commission.rename",
        resourceType: "commission",
        resourceId: String(id),
        requestId: edit.who.requestId,
        details: { version: row.version, from: current.slug, to: edit.to, reason: edit.reason },
      });
    }
    const row = await getCommissionById(tx, id);
    if (!row) throw new Refusal("not-found", `No commission "${edit.slug}".`);
    return commissionRecord(row);
  });
}

/** A commission by its slug; undefined when there is none. */
export const findCommission = (db: Db, slug: string) => getCommission(db, slug);

/** A commission's id from its slug (or a former slug); undefined when there is none. */
export const commissionIdOfSlug = (db: Db, slug: string) => commissionIdBySlug(db, slug);
