import type { ProposalDraft } from "../../worker/domain/draft.ts";
import { isPoolKey, type ReceiptKind, receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import type { Table } from "./table.ts";

/**
 * Captures that accumulate. From April 2025 the archive's scraper kept every row it had ever
 * seen, stamped with the scrape that first saw it (`dt_scrape`, e.g. "2025-04-04-0017"): a
 * receipt DOGE dropped stays in every later file, and one DOGE edited is there twice, before and
 * after. leases-2025-10-05 holds every row of leases-2025-06-03 (916) and 178 more; 676 of them
 * are stamped 2025-04-04, the API's 676 leases of 2025-04-12, though the API listed 563 on
 * 2025-05-12. Such a file is not the list as it stood at its capture time, and loading it as a
 * complete list would bring every dropped receipt "back at source".
 *
 * What it does say: which receipts (and edits) first appeared at each scrape. So it is read as
 * one batch per scrape, in time order, each observed at its scrape time and never complete (a
 * removal cannot be seen): the receipts first seen then, and the pools as they stood then (for
 * each receipt of a pool, the rows of its latest scrape up to then; rows repeated within one
 * scrape are distinct receipts).
 */
export type Batch = {
  seenAt: string;
  drafts: ProposalDraft[];
  /** Receipts the drafts hold (a pool's include those first seen before). */
  receipts: number;
  /** Rows first seen at this scrape. */
  firstSeen: number;
};

const SCRAPE_COLUMNS = ["dt_scrape", "datetime_scrape"];
const DAY_MS = 86_400_000;

/** "2025-04-04-0017" (or an ISO time) → "2025-04-04T00:17:00Z"; null when it is neither. */
export function scrapeTime(text: string | undefined): string | null {
  const t = (text ?? "").trim();
  const m = /^(\d{4}-\d{2}-\d{2})[-T ](\d{2}):?(\d{2})/.exec(t);
  if (m) return `${m[1]}T${m[2]}:${m[3]}:00Z`;
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : null;
}

/**
 * Each row's scrape time when the file accumulates scrapes over more than a day; null for a
 * snapshot (no scrape column, one scrape, or the scrapes of one day, as contracts-2025-04-04).
 */
export function accumulatedScrapes(table: Table): string[] | null {
  const column = SCRAPE_COLUMNS.find((c) => table.columns.includes(c));
  if (!column || table.rows.length === 0) return null;
  const times = table.rows.map((row) => scrapeTime(row[column]));
  if (times.some((t) => t === null)) return null;
  const ms = (times as string[]).map((t) => Date.parse(t));
  return Math.max(...ms) - Math.min(...ms) > DAY_MS ? (times as string[]) : null;
}

/**
 * Each row's scrape time in a snapshot that says when it was scraped (contracts-2025-03-31: all
 * at 2025-03-30 19:13; contracts-2025-04-04 concatenates three scrapes of one day: 6,610 rows at
 * 00:17, 5 at 21:24, 149 at 21:26); null for a file without one, or one that accumulates.
 */
export function snapshotScrapes(table: Table): string[] | null {
  const column = SCRAPE_COLUMNS.find((c) => table.columns.includes(c));
  if (!column || table.rows.length === 0 || accumulatedScrapes(table)) return null;
  const times = table.rows.map((row) => scrapeTime(row[column]));
  return times.some((t) => t === null) ? null : (times as string[]);
}

/**
 * Rows of several scrapes of one list, each receipt as often as one scrape lists it: a receipt
 * scraped twice is one receipt, one a scrape lists twice is two (the lists repeat receipts).
 */
export function dedupeScrapes<T>(rows: T[], times: string[], identity: (row: T) => string): T[] {
  const most = new Map<string, number>();
  const perScrape = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = identity(row);
    const key = `${times[i]}\u0000${id}`;
    const n = (perScrape.get(key) ?? 0) + 1;
    perScrape.set(key, n);
    most.set(id, Math.max(most.get(id) ?? 0, n));
  });
  const kept = new Map<string, number>();
  return rows.filter((row) => {
    const id = identity(row);
    const n = (kept.get(id) ?? 0) + 1;
    kept.set(id, n);
    return n <= (most.get(id) ?? 0);
  });
}

/** The batches of an accumulating file (see above), oldest first. */
export function batchesOf(
  kind: ReceiptKind,
  receipts: Record<string, unknown>[],
  times: string[],
): Batch[] {
  // Each row as a receipt on its own: its key says whether it belongs to a pool.
  const single = receipts.map((r) => receiptsToDrafts(kind, [r])[0] as ProposalDraft);
  // A pooled receipt is told by its date and amounts (its description may be filled in later).
  const identity = (d: ProposalDraft, r: Record<string, unknown>) =>
    JSON.stringify([d.naturalKey, r.deleted_date ?? r.date, r.value, r.savings]);
  const scrapes = [...new Set(times)].sort();
  return scrapes.map((seenAt) => {
    const picked: Record<string, unknown>[] = [];
    const latest = new Map<string, string>();
    single.forEach((d, i) => {
      const t = times[i] as string;
      if (isPoolKey(d.naturalKey) && t <= seenAt) {
        const id = identity(d, receipts[i] as Record<string, unknown>);
        if ((latest.get(id) ?? "") < t) latest.set(id, t);
      }
    });
    single.forEach((d, i) => {
      const t = times[i] as string;
      if (
        isPoolKey(d.naturalKey)
          ? latest.get(identity(d, receipts[i] as Record<string, unknown>)) === t
          : t === seenAt
      ) {
        picked.push(receipts[i] as Record<string, unknown>);
      }
    });
    return {
      seenAt,
      drafts: receiptsToDrafts(kind, picked),
      receipts: picked.length,
      firstSeen: times.filter((t) => t === seenAt).length,
    };
  });
}
