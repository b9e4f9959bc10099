import { type Db, type Tx, withTransaction } from "../../db/client.ts";
import { writeAudit } from "../../db/queries/audit.ts";
import {
  addPostings,
  type NewPosting,
  type PostingRow,
  postingsOf,
  updatePosting,
} from "../../db/queries/postings.ts";
import { memberTable } from "../../db/queries/versioned.ts";
import { type ApproxDate, parseApproxDate } from "../lib/approx-date.ts";
import { Refusal } from "./errors.ts";
import { memberRecord } from "./members.ts";
import { type EditOutcome, editedRow, type Who } from "./versioned.ts";

/**
 * Editors' changes to a member's postings: each is one version of the member (its postings
 * before and after in `changed_fields.postings`) and one audit row, in one transaction, and only
 * if the member is still at the version the editor read (If-Match).
 */
export type PostingChange =
  | { action: "add"; values: NewPosting }
  | { action: "correct"; postingId: number; values: Partial<NewPosting> }
  | { action: "retract"; postingId: number; reason: string };

/**
 * Change a member's postings in one transaction (the change, the member's version, the audit
 * row) and answer the member as it now is.
 */
export function changeMemberPosting(
  db: Db,
  edit: { memberId: number; ifVersion: number | undefined; who: Who; reason: string | null },
  change: PostingChange,
) {
  return withTransaction(db, async (tx) => {
    const outcome = await changePosting(tx, edit, change);
    if (outcome.outcome === "no-posting") {
      const id = "postingId" in change ? change.postingId : "";
      throw new Refusal("not-found", `Member ${edit.memberId} has no posting ${id}.`);
    }
    editedRow(outcome, `member ${edit.memberId}`);
    const record = await memberRecord(tx, edit.memberId);
    if (!record) throw new Refusal("not-found", `No member ${edit.memberId}.`);
    return record;
  });
}

async function changePosting(
  tx: Tx,
  edit: { memberId: number; ifVersion: number | undefined; who: Who; reason: string | null },
  change: PostingChange,
): Promise<EditOutcome<{ id: number; version: number }> | { outcome: "no-posting" }> {
  const member = await memberTable.lock(tx, edit.memberId);
  if (!member) return { outcome: "missing" };
  if (edit.ifVersion !== undefined && member.version !== edit.ifVersion) {
    return { outcome: "stale", current: member };
  }
  const before = await postingsOf(tx, [member.id]);
  const written = await apply(tx, member.id, change);
  if (!written) return { outcome: "no-posting" };
  const after = await postingsOf(tx, [member.id]);
  const row = await memberTable.update(tx, member.id, {});
  const postings = { old: before.map(snapshot), new: after.map(snapshot) };
  const reason = change.action === "retract" ? change.reason : edit.reason;
  await memberTable.history(tx, row, {
    changedFields: { postings },
    actor: edit.who.actor,
    reason,
    requestId: edit.who.requestId,
  });
  await writeAudit(tx, {
    actor: edit.who.actor,
    action: `member.posting.${change.action}`,
    resourceType: "member",
    resourceId: String(row.id),
    requestId: edit.who.requestId,
    details: { version: row.version, posting: written.id, reason },
  });
  return { outcome: "done", row, changed: ["postings"] };
}

async function apply(tx: Tx, memberId: number, change: PostingChange) {
  if (change.action === "add") return (await addPostings(tx, memberId, [change.values]))[0];
  const values =
    change.action === "retract"
      ? { retractedAt: new Date().toISOString(), retractionReason: change.reason }
      : change.values;
  return updatePosting(tx, memberId, change.postingId, values);
}

/** A posting as its member's history keeps it: what a reader of the diff needs. */
function snapshot(p: PostingRow) {
  const { createdAt: _c, updatedAt: _u, memberId: _m, ...rest } = p;
  return rest;
}

/** An editor's date text ("2025-02-14", "2025-02-14~", "2025-02-XX") as stored columns. */
export function dateColumns(
  text: string | null | undefined,
  which: "start" | "end",
): Partial<NewPosting> {
  if (text === undefined) return {};
  const d = parseApproxDate(text) as ApproxDate;
  return which === "start"
    ? { startOn: d.on, startPrecision: d.precision }
    : { endOn: d.on, endPrecision: d.precision };
}
