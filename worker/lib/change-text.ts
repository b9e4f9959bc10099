import { dollars, MONEY_FIELDS } from "./money.ts";
import { snakeName } from "./serialize.ts";

/**
 * What one version of a claim did, in the words of a change log: shared by the change list, its
 * page and the feeds, so each says the same. Pure.
 */
export type ChangedFields = Record<string, { old: unknown; new: unknown }>;
export type ChangeWhat = "new" | "changed" | "removed" | "back" | "retracted" | "outcome";

export function changeKind(row: {
  version: number;
  changed_fields: ChangedFields | null;
}): ChangeWhat {
  const fields = row.changed_fields ?? {};
  if (row.version === 1 || Object.keys(fields).length === 0) return "new";
  if (fields.retractedAt) return "retracted";
  // A pool's receipts moving is a change of the pool, even when it empties or fills again: never
  // a claim removed or back (only pools have a receipt count that changes).
  if (fields.receiptCount) return "changed";
  // A return can come with edits (the source listed it again, changed): still a return.
  if (fields.removedFromSourceAt) return fields.removedFromSourceAt.new ? "removed" : "back";
  return "changed";
}

/**
 * What a version tells, finer than `what` (issue 23): a change of the commission's list told for
 * what it is, and this project's own actions named as such. The rule is SQL (changeKindSql in
 * db/queries/changes.ts), so the list can be filtered by it.
 * - `new`: first seen at the source (or made by an editor);
 * - `edited`: a value the source changed;
 * - `first_reported`: fields the lists show for the first time, none changed (a list that carried
 *   no savings figure, then one that did);
 * - `identifiers_changed`: the same award, its identifiers written otherwise by the list;
 * - `removed` / `back`: gone from a complete list / listed again;
 * - `retracted`: withdrawn from the totals, saying why;
 * - `matched`, `corrected`: this project's own work (its agency matching; an editor's correction),
 *   never a change at the source;
 * - `outcome` / `outcome_retracted`: an outcome event recorded for the claim (by the job, an
 *   import of another tracker's ledger, or an editor) / retracted. No version of the claim: these
 *   come from outcome_events (db/queries/changes.ts listOutcomeChanges).
 */
export const CHANGE_KINDS = [
  "new",
  "edited",
  "first_reported",
  "identifiers_changed",
  "removed",
  "back",
  "retracted",
  "matched",
  "corrected",
  "outcome",
  "outcome_retracted",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** How each kind is named in a feed's entry title or a page ("removed" is `removed` alone). */
export const CHANGE_KIND_TEXT: Record<ChangeKind, string> = {
  new: "new",
  edited: "edited",
  first_reported: "first reported",
  identifiers_changed: "identifiers changed",
  removed: "removed",
  back: "back",
  retracted: "retracted",
  matched: "matched by cutwatch",
  corrected: "corrected by an editor",
  outcome: "outcome recorded",
  outcome_retracted: "outcome retracted",
};

/** The change kinds that are outcome events, not versions of a claim. */
export const OUTCOME_CHANGE_KINDS: readonly ChangeKind[] = ["outcome", "outcome_retracted"];

/** Fields whose change the log states as events of their own, not as edits. */
const EVENT_FIELDS = new Set(["removedFromSourceAt", "retractedAt"]);

/**
 * The edits of a version, each as a reader needs it: an amount as before → after, exactly
 * ("claimed savings $8,000,000,000.00 → $8,000,000.00"), a count likewise, other fields by name;
 * and for a return, when the claim had been removed.
 */
export function changeDetails(fields: ChangedFields | null): string[] {
  const details: string[] = [];
  for (const [field, change] of Object.entries(fields ?? {})) {
    if (EVENT_FIELDS.has(field)) continue;
    const label = snakeName(field).replaceAll("_", " ");
    if (MONEY_FIELDS.has(field.replace(/AtSource$/, ""))) {
      details.push(`${label} ${amount(change.old)} → ${amount(change.new)}`);
    } else if (field === "receiptCount") {
      details.push(`receipts ${count(change.old)} → ${count(change.new)}`);
    } else details.push(label);
  }
  const removed = fields?.removedFromSourceAt;
  if (removed && !fields?.receiptCount && !removed.new && typeof removed.old === "string") {
    details.unshift(`removed from the source ${removed.old.slice(0, 10)}, listed again`);
  }
  return details;
}

const amount = (v: unknown) =>
  typeof v === "string" || typeof v === "number" ? dollars(String(v)) : "none";
const count = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US") : "none");
