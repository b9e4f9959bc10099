import type { ProposalDraft } from "../../domain/draft.ts";
import { decimalsEqual } from "../../lib/money.ts";
import { isPoolKey, untypedPiid } from "./receipts.ts";

/**
 * Which stored claim each receipt of a list is, decided before anything is added or removed.
 *
 * A natural key (receipts.ts) is how a receipt is written, and the lists wrote one award in
 * several ways: a link whose parent agency was blank and later filled in (Treasury 2032H524F00532,
 * parent agency "" → 2050 between 2025-03-31 and 2025-04-04), HHS links whose parent PIID
 * flipped and back, a link dropped or restored (a PIID-only key against a link key), copies of
 * one award numbered `#2`, `#3` by sort order. Taken as keys, each reads as a claim removed and a
 * new one added. So a list's receipts are matched to claims in three passes:
 *
 * 1. Copies: where a list or the stored claims hold several receipts of one key, they are paired
 *    by content (claim, value, date, vendor), never by their number.
 * 2. The rest by key.
 * 3. Receipts left unmatched against claims the list does not hold, by the award's identifiers:
 *    the same PIID (normalised), the same FPDS agency id or a blank one. A receipt whose parent
 *    vehicle agrees (or is blank on one side) is the claim; one whose parent differs is the claim
 *    only if its content agrees too (two of claim, value, date). Ties go to the closest content.
 *
 * Pure: the stored rows and the drafts in, each matched draft paired with its row out.
 */

/** What the passes read of a stored claim or a draft. */
export type Identified = Pick<
  ProposalDraft,
  | "naturalKey"
  | "piid"
  | "contractingAgencyId"
  | "parentPiid"
  | "parentAgencyId"
  | "claimedSavings"
  | "claimedValue"
  | "claimDate"
  | "recipient"
>;

export type Match<R> = { row: R; draft: ProposalDraft };

export type Resolution<R> = {
  /** Drafts matched to a stored claim; a draft whose key differs from its row's renames it. */
  matched: Match<R>[];
  /** Drafts that are no stored claim. */
  fresh: ProposalDraft[];
};

/** "contract:fpds:…#2" → "contract:fpds:…": the key a numbered copy was made from. */
export const baseKey = (key: string) => key.replace(/#\d+$/, "");

/**
 * A PIID as the award's identifier: upper case, no spaces; a PIID re-typed as an amount
 * ("200,202,419,659.00", 2025-04-16) is the number it was (200202419659).
 */
export function normalPiid(piid: string | null): string | null {
  if (!piid) return null;
  return untypedPiid(piid).toUpperCase().replace(/\s+/g, "") || null;
}

const isContract = (x: Identified) => x.naturalKey.startsWith("contract:");

/** Whether two parts agree: equal, or blank on one side. */
const agrees = (a: string | null, b: string | null) =>
  !a || !b || a.trim().toUpperCase() === b.trim().toUpperCase();

/** How many of claim, value and date two receipts share (0–3), then the vendor as a tie-break. */
function contentScore(a: Identified, b: Identified): number {
  let score = 0;
  if (decimalsEqual(a.claimedSavings ?? null, b.claimedSavings ?? null)) score += 1;
  if (decimalsEqual(a.claimedValue ?? null, b.claimedValue ?? null)) score += 1;
  if ((a.claimDate ?? null) === (b.claimDate ?? null)) score += 1;
  if ((a.recipient ?? "").toUpperCase() === (b.recipient ?? "").toUpperCase()) score += 0.1;
  return score;
}

/**
 * How well a draft stands for a stored claim by the award's identifiers; null when it cannot be
 * the same award (another PIID, another agency, or another parent with other content).
 */
export function identityScore(row: Identified, draft: Identified): number | null {
  if (!isContract(row) || !isContract(draft)) return null;
  const piid = normalPiid(draft.piid);
  if (!piid || piid !== normalPiid(row.piid)) return null;
  if (!agrees(row.contractingAgencyId, draft.contractingAgencyId)) return null;
  const content = contentScore(row, draft);
  const sameParent =
    agrees(row.parentPiid, draft.parentPiid) && agrees(row.parentAgencyId, draft.parentAgencyId);
  if (!sameParent && content < 2) return null;
  return (sameParent ? 10 : 0) + content;
}

/** The award's identifier parts that a changed link can change. */
export const IDENTIFIER_FIELDS = [
  "contractingAgencyId",
  "piid",
  "parentAgencyId",
  "parentPiid",
] as const;

function identifiersDiffer(row: Identified, draft: Identified): boolean {
  return IDENTIFIER_FIELDS.some((f) =>
    f === "piid"
      ? normalPiid(row.piid) !== normalPiid(draft.piid)
      : (row[f] ?? "").toUpperCase() !== (draft[f] ?? "").toUpperCase(),
  );
}

/** Pair drafts with rows greedily, best score first; a pair scoring null is never made. */
function pairBest<R extends Identified>(
  rows: R[],
  drafts: ProposalDraft[],
  score: (row: R, draft: ProposalDraft) => number | null,
): { pairs: Match<R>[]; restDrafts: ProposalDraft[]; restRows: R[] } {
  const candidates: { r: number; d: number; s: number }[] = [];
  rows.forEach((row, r) => {
    drafts.forEach((draft, d) => {
      const s = score(row, draft);
      if (s !== null) candidates.push({ r, d, s });
    });
  });
  // Best first; among equals, the stored order (rows and drafts as given) decides, stably.
  candidates.sort((a, b) => b.s - a.s || a.r - b.r || a.d - b.d);
  const usedRows = new Set<number>();
  const usedDrafts = new Set<number>();
  const pairs: Match<R>[] = [];
  for (const { r, d } of candidates) {
    if (usedRows.has(r) || usedDrafts.has(d)) continue;
    usedRows.add(r);
    usedDrafts.add(d);
    pairs.push({ row: rows[r] as R, draft: drafts[d] as ProposalDraft });
  }
  return {
    pairs,
    restDrafts: drafts.filter((_, i) => !usedDrafts.has(i)),
    restRows: rows.filter((_, i) => !usedRows.has(i)),
  };
}

function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Match a list's drafts to the stored claims of the same commission and kind (see above). */
export function resolveIdentities<R extends Identified>(
  rows: Iterable<R>,
  drafts: readonly ProposalDraft[],
): Resolution<R> {
  // Every draft and row here is of one commission and kind (the sync's scope).
  const stored = [...rows];
  const matched: Match<R>[] = [];
  const rowsByBase = groupBy(stored, (r) => baseKey(r.naturalKey));
  const claimed = new Set<R>();
  const left: ProposalDraft[] = [];

  // 1 and 2: by key, copies of one key paired by their content.
  for (const [base, group] of groupBy(drafts, (d) => baseKey(d.naturalKey))) {
    const same = rowsByBase.get(base) ?? [];
    if (isPoolKey(base) || (group.length === 1 && same.length <= 1)) {
      for (const draft of group) {
        const row = same.find((r) => r.naturalKey === draft.naturalKey);
        if (row) {
          matched.push({ row, draft });
          claimed.add(row);
        } else left.push(draft);
      }
      continue;
    }
    const { pairs, restDrafts } = pairBest(
      same,
      group,
      (row, draft) =>
        // The same number adds a hair, so that equal copies keep their numbers.
        contentScore(row, draft) + (row.naturalKey === draft.naturalKey ? 0.01 : 0),
    );
    // A copy keeps the number its claim has: copies are never renamed among themselves.
    for (const p of pairs) {
      claimed.add(p.row);
      matched.push({ row: p.row, draft: { ...p.draft, naturalKey: p.row.naturalKey } });
    }
    left.push(...restDrafts);
  }

  // 3: by the award's identifiers, against claims this list holds under no key.
  const open = stored.filter((r) => !claimed.has(r) && isContract(r));
  const byPiid = groupBy(
    open.filter((r) => normalPiid(r.piid)),
    (r) => normalPiid(r.piid) as string,
  );
  const fresh: ProposalDraft[] = [];
  const identified = groupBy(
    left.filter(
      (d) => isContract(d) && normalPiid(d.piid) && byPiid.has(normalPiid(d.piid) as string),
    ),
    (d) => normalPiid(d.piid) as string,
  );
  for (const draft of left) {
    if (!identified.get(normalPiid(draft.piid) ?? "")?.includes(draft)) fresh.push(draft);
  }
  const heldKeys = new Set(stored.map((r) => r.naturalKey));
  for (const [piid, group] of identified) {
    const { pairs, restDrafts } = pairBest(byPiid.get(piid) ?? [], group, identityScore);
    for (const { row, draft } of pairs) {
      // The claim takes the key the list writes now, unless that key is another claim's or the
      // identifiers are the same written otherwise (a re-typed PIID, a renumbered copy).
      const rename = !heldKeys.has(draft.naturalKey) && identifiersDiffer(row, draft);
      matched.push({ row, draft: rename ? draft : { ...draft, naturalKey: row.naturalKey } });
      if (rename) heldKeys.add(draft.naturalKey);
    }
    fresh.push(...restDrafts);
  }
  return { matched, fresh: renumberFresh(fresh, stored, matched) };
}

/**
 * A new receipt keeps its key unless a stored claim (or a matched receipt) holds it; then it is
 * numbered after the copies of its key already taken, so no two claims ever share a key.
 */
function renumberFresh<R extends Identified>(
  fresh: ProposalDraft[],
  stored: R[],
  matched: Match<R>[],
): ProposalDraft[] {
  const taken = new Set([
    ...stored.map((r) => r.naturalKey),
    ...matched.map((m) => m.draft.naturalKey),
  ]);
  return fresh.map((draft) => {
    if (!taken.has(draft.naturalKey)) {
      taken.add(draft.naturalKey);
      return draft;
    }
    const base = baseKey(draft.naturalKey);
    let n = 2;
    while (taken.has(`${base}#${n}`)) n += 1;
    const naturalKey = `${base}#${n}`;
    taken.add(naturalKey);
    return { ...draft, naturalKey };
  });
}
