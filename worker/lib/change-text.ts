import { dollars, MONEY_FIELDS } from "./money.ts";
import { snakeName } from "./serialize.ts";

/**
 * What one version of a claim did, in the words of a change log: shared by the change list, its
 * page and the feeds, so each says the same. Pure.
 */
export type ChangedFields = Record<string, { old: unknown; new: unknown }>;
export type ChangeWhat = "new" | "changed" | "removed" | "back" | "retracted";

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
