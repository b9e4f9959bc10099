import Big from "big.js";
import type { ChangedFields } from "../../../db/schema/index.ts";
import { DRAFT_FIELDS, normalizeName, type ProposalDraft } from "../../domain/draft.ts";
import { dollars, sameFieldValue } from "../../lib/money.ts";
import { snakeName } from "../../lib/serialize.ts";
import { IDENTIFIER_FIELDS, resolveIdentities } from "./identity.ts";
import { isPoolKey } from "./receipts.ts";

/**
 * What a fetch of a source list changes on a commission's source-backed proposals, decided with
 * no I/O: the rows as stored and the list's drafts in, a plan of inserts, changes, removals and
 * source values out. worker/jobs/doge/sync.ts reads the rows and writes the plan
 * (db/queries/proposal-sync.ts).
 *
 * Changes are found by comparing the source with what it said last (proposal_source_values),
 * so an editor's correction survives: see `compare`.
 */

export type DraftField = (typeof DRAFT_FIELDS)[number];

/** A stored proposal as the plan compares it. */
export type Existing = Pick<ProposalDraft, DraftField> & {
  id: number;
  naturalKey: string;
  version: number;
  removedFromSourceAt: string | null;
  /** What the source said at the last sync; null for rows synced before it was kept. */
  sourceValues: Record<string, unknown> | null;
};

export type Changes = ChangedFields;

/** A row the list changes. */
export type Pending = {
  row: Existing;
  draft: ProposalDraft;
  /** The fields that follow the source; the others keep the row's value. */
  live: Changes;
  /** What the version records: `live`, the kept corrections' source values, a return. */
  changes: Changes;
  reason: string;
};

export type SyncPlan = {
  /** Receipts the list holds (a pool counts each of its receipts). */
  fetched: number;
  /** Drafts with no row yet. */
  fresh: ProposalDraft[];
  /** Rows the list leaves as they are: only seen again. */
  unchangedIds: number[];
  /** Unchanged rows synced before source values were kept: their source values are stored. */
  sourceOnly: { id: number; draft: ProposalDraft; row: Existing }[];
  /** Rows the list changes, emptied pools included (on a complete list). */
  changed: Pending[];
  /** Rows gone from a complete list: marked removed from the source. */
  removed: Existing[];
  /** Counted groups of unidentified receipts from before pools, now in their pool: retired. */
  regrouped: Existing[];
};

export type PlanOptions = {
  /** A complete fetch (every page, validated): rows absent from it are marked removed. */
  complete: boolean;
  /** When the source showed the list. */
  seenAt: string;
  /** Fields the list does not carry: never compared (see SyncInput in sync.ts). */
  unobserved: ReadonlySet<DraftField>;
};

/** Plan a sync of `drafts` against the stored rows of the same commission and kind. */
export function planSync(
  existing: ReadonlyMap<string, Existing>,
  drafts: readonly ProposalDraft[],
  { complete, seenAt, unobserved }: PlanOptions,
): SyncPlan {
  const plan: SyncPlan = {
    fetched: 0,
    fresh: [],
    unchangedIds: [],
    sourceOnly: [],
    changed: [],
    removed: [],
    regrouped: [],
  };
  const seen = new Set<string>();
  for (const draft of drafts) plan.fetched += draft.receiptCount;
  const { matched, fresh } = resolveIdentities(existing.values(), drafts);
  plan.fresh = fresh;
  for (const { row, draft } of matched) {
    seen.add(row.naturalKey);
    const { live, kept } = compare(row, draft, unobserved);
    const changes: Changes = { ...live };
    // The same award under the key this list writes: the claim takes it, keeping the old one.
    if (draft.naturalKey !== row.naturalKey) {
      changes.naturalKey = { old: row.naturalKey, new: draft.naturalKey };
    }
    for (const [f, change] of Object.entries(kept)) changes[`${f}AtSource`] = change;
    if (row.removedFromSourceAt) {
      changes.removedFromSourceAt = { old: row.removedFromSourceAt, new: null };
    }
    if (Object.keys(changes).length === 0) {
      plan.unchangedIds.push(row.id);
      // Source values are stored for a row synced before they were kept, and when the record
      // behind an unchanged receipt carries other columns (the places read them): no version.
      if (!row.sourceValues || !sameExtra(draft.sourceExtra, row.sourceValues.extra)) {
        plan.sourceOnly.push({ id: row.id, draft, row });
      }
      continue;
    }
    plan.changed.push({
      row,
      draft,
      live,
      changes,
      reason: reasonFor(row, kept, draft, unobserved),
    });
  }
  if (!complete) return plan;
  plan.changed.push(...emptiedPools(existing, seen, seenAt));
  // Pools are not among the gone: an emptied pool is a change of the pool (emptiedPools).
  const gone = [...existing.values()].filter(
    (row) => !seen.has(row.naturalKey) && !row.removedFromSourceAt && !isPoolKey(row.naturalKey),
  );
  // Counted groups from before pools are retired (retracted, saying why), never reported as
  // removed from the source.
  plan.regrouped = gone.filter((row) => LEGACY_GROUP.test(row.naturalKey));
  plan.removed = gone.filter((row) => !LEGACY_GROUP.test(row.naturalKey));
  return plan;
}

/**
 * Pools a complete list no longer holds (its receipts gained identifiers, as the grants of
 * 2025-03-19 did by 2025-03-30, or the source dropped them all): each is one version of the pool
 * going to zero receipts ("pool changed at source: −15,212 receipts (15,212 → 0)"), never a
 * removal of claims; holding nothing, it is no longer listed (removed_from_source_at is set, so
 * it leaves the live totals), and a list that holds its receipts again brings it back.
 */
function emptiedPools(
  existing: ReadonlyMap<string, Existing>,
  seen: Set<string>,
  seenAt: string,
): Pending[] {
  const pending: Pending[] = [];
  for (const row of existing.values()) {
    if (seen.has(row.naturalKey) || row.removedFromSourceAt || !isPoolKey(row.naturalKey)) continue;
    const draft: ProposalDraft = {
      ...row,
      kind: row.naturalKey.startsWith("grant:") ? "grant" : "contract",
      receiptCount: 0,
      claimedSavings: "0",
      claimedValue: row.claimedValue == null ? null : "0",
      receiptDates: {},
    };
    // Every sum goes to zero, whatever the list carries: nothing is left to sum.
    const { live } = compare(row, draft);
    pending.push({
      row,
      draft,
      live,
      changes: { ...live, removedFromSourceAt: { old: null, new: seenAt } },
      reason: `pool changed at source: ${poolDelta(row, draft, true)}; no receipt of it is listed`,
    });
  }
  return pending;
}

/**
 * What a fetch changes on a row, field by field. A field the source did not change since the
 * last sync is left as it is, whoever set it. A field the source changed follows the source
 * (`live`) unless the row no longer holds what the source said before: then an editor corrected
 * it, and the correction is kept while the source's new value is recorded (`kept`).
 */
export function compare(
  row: Existing,
  draft: ProposalDraft,
  unobserved: ReadonlySet<DraftField> = new Set(),
): { live: Changes; kept: Changes } {
  const live: Changes = {};
  const kept: Changes = {};
  for (const f of DRAFT_FIELDS) {
    // What the list does not carry it cannot have changed: never a change to NULL.
    if (unobserved.has(f)) continue;
    const current = row[f] ?? null;
    // A row synced before source values were kept: its live value stands for the source's.
    const before = row.sourceValues ? (row.sourceValues[f] ?? null) : current;
    const after = draft[f] ?? null;
    if (same(f, before, after)) continue;
    if (same(f, current, before)) live[f] = { old: current, new: after };
    else kept[f] = { old: before, new: after };
  }
  return { live, kept };
}

/** A changed row's values after the change: the source's where it is live, the row's elsewhere. */
export function changedValues({ row, draft, live }: Pending): Record<DraftField, unknown> {
  return Object.fromEntries(
    DRAFT_FIELDS.map((f) => [f, (f in live ? draft[f] : row[f]) ?? null]),
  ) as Record<DraftField, unknown>;
}

/**
 * Text the lists write in whatever case their scraper kept: the 2025-03-05 list has every name
 * and description in capitals, the lists around it do not. A difference of letter case or
 * spacing alone says nothing new, so it is no change at the source (the stored form stands).
 */
const CASELESS_FIELDS: ReadonlySet<DraftField> = new Set([
  "agencyName",
  "title",
  "description",
  "recipient",
]);

function same(field: DraftField, a: unknown, b: unknown): boolean {
  if (CASELESS_FIELDS.has(field) && typeof a === "string" && typeof b === "string") {
    return normalizeName(a) === normalizeName(b);
  }
  return sameFieldValue(field, a, b);
}

/** Natural keys of the counted groups that pools replaced (see receipts.ts). */
const LEGACY_GROUP = /^contract:group:/;
const REGROUPED =
  "regrouped: unidentified receipts are now one pool per label and agency, which counts this one";

/** How rows gone from a complete list are marked, and the field and reason their versions record. */
export function goneMark(as: "removed" | "regrouped", seenAt: string) {
  return as === "removed"
    ? {
        set: { removedFromSourceAt: seenAt },
        field: "removedFromSourceAt",
        reason: "removed from source",
      }
    : {
        set: { retractedAt: seenAt, retractionReason: REGROUPED },
        field: "retractedAt",
        reason: REGROUPED,
      };
}

function reasonFor(
  row: Existing,
  kept: Changes,
  draft: ProposalDraft,
  unobserved: ReadonlySet<DraftField>,
): string {
  // The same award written otherwise: a new key, or new identifiers under a key another claim
  // holds (the claim keeps its own then).
  const renamed =
    draft.naturalKey !== row.naturalKey ||
    IDENTIFIER_FIELDS.some((f) => (row[f] ?? null) !== (draft[f] ?? null));
  const base = row.removedFromSourceAt
    ? `back at source${renamed ? `; ${identifiersChanged(row, draft)}` : ""}`
    : isPoolKey(row.naturalKey)
      ? `pool changed at source: ${poolDelta(row, draft, !unobserved.has("claimedSavings"))}`
      : renamed
        ? identifiersChanged(row, draft)
        : "changed at source";
  const fields = Object.keys(kept).map(snakeName);
  if (fields.length === 0) return base;
  return `${base}; an editor's correction of ${fields.join(", ")} is kept`;
}

const IDENTIFIER_LABELS: Record<(typeof IDENTIFIER_FIELDS)[number], string> = {
  contractingAgencyId: "agency",
  piid: "PIID",
  parentAgencyId: "parent agency",
  parentPiid: "parent PIID",
};

/**
 * "identifiers changed at source: parent agency — → 4732": the same award, its identifiers
 * written otherwise by the list (a link filled in, dropped or restored, a parent flipped).
 */
function identifiersChanged(row: Existing, draft: ProposalDraft): string {
  const parts = IDENTIFIER_FIELDS.flatMap((f) => {
    const [a, b] = [row[f] ?? null, draft[f] ?? null];
    return a === b ? [] : [`${IDENTIFIER_LABELS[f]} ${a ?? "—"} → ${b ?? "—"}`];
  });
  if (row.sourceUrl !== draft.sourceUrl && (!row.sourceUrl || !draft.sourceUrl)) {
    parts.push(draft.sourceUrl ? "FPDS link restored" : "FPDS link dropped");
  }
  return `identifiers changed at source: ${parts.join(", ") || "key written otherwise"}`;
}

/** "+93 receipts (3,252 → 3,345), +$27,912,345.00": what a pool's change amounts to. */
function poolDelta(row: Existing, draft: ProposalDraft, savingsObserved: boolean): string {
  const receipts = draft.receiptCount - row.receiptCount;
  const signed = (n: Big | number, text: string) => `${Number(n) < 0 ? "−" : "+"}${text}`;
  const parts = [
    `${signed(receipts, Math.abs(receipts).toLocaleString("en-US"))} receipts (${row.receiptCount.toLocaleString("en-US")} → ${draft.receiptCount.toLocaleString("en-US")})`,
  ];
  // A list that does not carry the claim says nothing of how it moved.
  if (savingsObserved) {
    const savings = new Big(draft.claimedSavings ?? "0").minus(row.claimedSavings ?? "0");
    parts.push(`${signed(savings, dollars(savings.abs()))} claimed`);
  }
  return parts.join(", ");
}

/**
 * Whether a list's record columns say nothing new: it carries none (kept as they were), or the
 * same columns with the same values as those kept.
 */
function sameExtra(extra: Record<string, string> | null | undefined, kept: unknown): boolean {
  if (!extra) return true;
  if (!kept || typeof kept !== "object") return false;
  const a = Object.entries(extra);
  const b = kept as Record<string, unknown>;
  return a.length === Object.keys(b).length && a.every(([k, v]) => b[k] === v);
}

/**
 * The source's values of a draft, as proposal_source_values keeps them. A field the list did not
 * carry keeps what the source said before (for a row synced before source values were kept, its
 * live value stands for it, as in `compare`); on a new row it is unknown.
 */
export function sourceValuesOf(
  draft: ProposalDraft,
  unobserved: ReadonlySet<DraftField>,
  row?: Existing,
): Record<string, unknown> {
  const values: Record<string, unknown> = Object.fromEntries(
    DRAFT_FIELDS.map((f) => {
      if (!unobserved.has(f)) return [f, draft[f] ?? null];
      if (!row) return [f, null];
      return [f, (row.sourceValues ? row.sourceValues[f] : row[f]) ?? null];
    }),
  );
  // An archived record's unmapped columns, kept until a record that carries others.
  const extra = draft.sourceExtra ?? row?.sourceValues?.extra;
  if (extra) values.extra = extra;
  return values;
}
