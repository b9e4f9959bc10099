import { type Db, withTransaction } from "../../db/client.ts";
import {
  type AgencyRow,
  type AgencySort,
  assignAgencyCodes,
  countAgencies,
  getAgency,
  addAgencyAlias as insertAlias,
  listAgencies,
  unmatchedAgencyNames,
} from "../../db/queries/agencies.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import { type ApiRecord, listedRecord } from "../lib/serialize.ts";
// Name normalisation is moving from jobs/doge/receipts.ts to this layer (issue 15, part C).
import { normalizeName } from "./draft.ts";
import { Refusal } from "./errors.ts";
import type { Who } from "./versioned.ts";

/** An agency as the API shows it, with a link to its live claims. */
export type AgencyRecord = ApiRecord<Omit<AgencyRow, "sortValue">> & {
  links: { proposals: string };
};

export function agencyRecord(row: AgencyRow): AgencyRecord {
  return {
    ...listedRecord(row),
    links: { proposals: `/v1/proposals?agency=${row.code}&removed=false` },
  };
}

/** How agencies are read as a list. */
export function agencyListSpec(db: Db, sort: { name: AgencySort; desc: boolean }) {
  return {
    page: (after: KeysetPosition | undefined, limit: number) =>
      listAgencies(db, { sort: sort.name, desc: sort.desc, after, limit }),
    position: (row: AgencyRow) => ({ value: row.sortValue, key: row.code }),
    record: agencyRecord,
    total: () => countAgencies(db),
  };
}

/**
 * Teach an agency a name its sources use, and match every claim using the name at once: one
 * transaction holding the alias, a version of each matched claim (by this editor, saying why)
 * and the audit row. Answers how many claims it matched.
 */
export function addAgencyAlias(
  db: Db,
  input: { code: string; alias: string; reason: string | null; who: Who },
): Promise<number> {
  const { code, alias, reason, who } = input;
  return withTransaction(db, async (tx) => {
    if (!(await getAgency(tx, code)))
      throw new Refusal("not-found", `No agency with code ${code}.`);
    const added = await insertAlias(tx, {
      normalized: normalizeName(alias),
      alias,
      agencyCode: code,
      origin: who.actor,
    });
    if (!added) throw new Refusal("conflict", `The name "${alias}" already belongs to an agency.`);
    const count = await assignAgencyCodes(
      tx,
      {},
      {
        actor: who.actor,
        reason: reason ?? `matched by the alias "${alias}"`,
        requestId: who.requestId,
      },
    );
    await writeAudit(tx, {
      actor: who.actor,
      action: "agency_alias.create",
      resourceType: "agency",
      resourceId: code,
      requestId: who.requestId,
      details: { alias, matched_claims: count, reason },
    });
    return count;
  });
}

/** An agency with its aliases; undefined when there is no such code. */
export const findAgency = (db: Db, code: string) => getAgency(db, code);

/** Source agency names no alias matches yet, with how many live claims use each. */
export const unmatchedNames = (db: Db, filters: { commission?: string } = {}) =>
  unmatchedAgencyNames(db, filters);
