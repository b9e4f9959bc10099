import type { Db } from "../../db/client.ts";
import {
  type CommissionRow,
  countCommissions,
  getCommissionById,
  listCommissions,
} from "../../db/queries/commissions.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import { type CommissionRowFull, commissionTable } from "../../db/queries/versioned.ts";
import type { commissions } from "../../db/schema/index.ts";
import { type ApiRecord, fromApi, toApi } from "../lib/serialize.ts";
import type { VersionedResource } from "./versioned.ts";

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
