import { type Db, type Tx, withTransaction } from "../../db/client.ts";
import {
  type AffiliationRow,
  addAffiliation,
  affiliationsOf,
  type NewAffiliation,
  updateAffiliation,
} from "../../db/queries/affiliations.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import {
  addPostings,
  type NewPosting,
  type PostingRow,
  postingsOf,
  updatePosting,
} from "../../db/queries/postings.ts";
import { memberTable } from "../../db/queries/versioned.ts";
import { Refusal } from "./errors.ts";
import { memberRecord } from "./members.ts";
import { type EditOutcome, editedRow, type Who } from "./versioned.ts";

/**
 * The parts of a member's record editors change one at a time (postings, affiliations): each
 * change is one version of the member (the part's list before and after in `changed_fields`) and
 * one audit row, in one transaction, and only if the member is still at the version the editor
 * read (If-Match).
 */
export type PartChange<New> =
  | { action: "add"; values: New }
  | { action: "correct"; id: number; values: Partial<New> }
  | { action: "retract"; id: number; reason: string };

type Retraction = { retractedAt: string; retractionReason: string };

/** Where a kind of part is stored, and what of it a member's history keeps. */
export type PartStore<New, Row extends { id: number }> = {
  /** Singular, as the audit action and the errors name it: `posting`, `affiliation`. */
  name: string;
  /** The member's field its versions record the list under: `postings`, `affiliations`. */
  field: string;
  list: (tx: Tx, memberId: number) => Promise<Row[]>;
  add: (tx: Tx, memberId: number, values: New) => Promise<Row | undefined>;
  update: (
    tx: Tx,
    memberId: number,
    id: number,
    values: Partial<New> | Retraction,
  ) => Promise<Row | undefined>;
};

export type PartEdit = {
  memberId: number;
  ifVersion: number | undefined;
  who: Who;
  reason: string | null;
};

/** Change one part of a member in one transaction, and answer the member as it now is. */
export function changeMemberPart<New, Row extends { id: number }>(
  db: Db,
  store: PartStore<New, Row>,
  edit: PartEdit,
  change: PartChange<New>,
) {
  return withTransaction(db, async (tx) => {
    const outcome = await changePart(tx, store, edit, change);
    if (outcome.outcome === "no-part") {
      const id = "id" in change ? change.id : "";
      throw new Refusal("not-found", `Member ${edit.memberId} has no ${store.name} ${id}.`);
    }
    editedRow(outcome, `member ${edit.memberId}`);
    const record = await memberRecord(tx, edit.memberId);
    if (!record) throw new Refusal("not-found", `No member ${edit.memberId}.`);
    return record;
  });
}

async function changePart<New, Row extends { id: number }>(
  tx: Tx,
  store: PartStore<New, Row>,
  edit: PartEdit,
  change: PartChange<New>,
): Promise<EditOutcome<{ id: number; version: number }> | { outcome: "no-part" }> {
  const member = await memberTable.lock(tx, edit.memberId);
  if (!member) return { outcome: "missing" };
  if (edit.ifVersion !== undefined && member.version !== edit.ifVersion) {
    return { outcome: "stale", current: member };
  }
  const before = await store.list(tx, member.id);
  const written =
    change.action === "add"
      ? await store.add(tx, member.id, change.values)
      : await store.update(
          tx,
          member.id,
          change.id,
          change.action === "retract"
            ? { retractedAt: new Date().toISOString(), retractionReason: change.reason }
            : change.values,
        );
  if (!written) return { outcome: "no-part" };
  const after = await store.list(tx, member.id);
  const row = await memberTable.update(tx, member.id, {});
  const reason = change.action === "retract" ? change.reason : edit.reason;
  await memberTable.history(tx, row, {
    changedFields: { [store.field]: { old: before.map(snapshot), new: after.map(snapshot) } },
    actor: edit.who.actor,
    reason,
    requestId: edit.who.requestId,
  });
  await writeAudit(tx, {
    actor: edit.who.actor,
    action: `member.${store.name}.${change.action}`,
    resourceType: "member",
    resourceId: String(row.id),
    requestId: edit.who.requestId,
    details: { version: row.version, [store.name]: written.id, reason },
  });
  return { outcome: "done", row, changed: [store.field] };
}

/** A part as its member's history keeps it: what a reader of the diff needs. */
function snapshot<Row extends object>(part: Row) {
  const {
    createdAt: _c,
    updatedAt: _u,
    memberId: _m,
    ...rest
  } = part as Row & {
    createdAt?: unknown;
    updatedAt?: unknown;
    memberId?: unknown;
  };
  return rest;
}

/** Where postings are kept, for the shared member-part writes (changeMemberPart, above). */
const POSTINGS: PartStore<NewPosting, PostingRow> = {
  name: "posting",
  field: "postings",
  list: (tx, memberId) => postingsOf(tx, [memberId]),
  add: async (tx, memberId, values) => (await addPostings(tx, memberId, [values]))[0],
  update: (tx, memberId, id, values) => updatePosting(tx, memberId, id, values),
};

export type PostingChange = PartChange<NewPosting>;

/**
 * Editors' changes to a member's postings: each is one version of the member (its postings
 * before and after in `changed_fields.postings`) and one audit row, in one transaction, and
 * only if the member is still at the version the editor read (If-Match). Answers the member as
 * it now is.
 */
export const changeMemberPosting = (db: Db, edit: PartEdit, change: PostingChange) =>
  changeMemberPart(db, POSTINGS, edit, change);

/** Where affiliations are kept, for the shared member-part writes (changeMemberPart, above). */
const AFFILIATIONS: PartStore<NewAffiliation, AffiliationRow> = {
  name: "affiliation",
  field: "affiliations",
  list: (tx, memberId) => affiliationsOf(tx, [memberId]),
  add: (tx, memberId, values) => addAffiliation(tx, memberId, values),
  update: (tx, memberId, id, values) => updateAffiliation(tx, memberId, id, values),
};

export type AffiliationChange = PartChange<NewAffiliation>;

/**
 * Editors' changes to a member's affiliations: each is one version of the member (its
 * affiliations before and after in `changed_fields.affiliations`) and one audit row, in one
 * transaction, and only if the member is still at the version the editor read. Answers the
 * member as it now is.
 */
export const changeAffiliation = (db: Db, edit: PartEdit, change: AffiliationChange) =>
  changeMemberPart(db, AFFILIATIONS, edit, change);
