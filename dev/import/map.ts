import Big from "big.js";
import * as v from "valibot";
import type { ProposalDraft } from "../../worker/domain/draft.ts";
import { isPoolKey, receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import {
  accumulatedScrapes,
  type Batch,
  batchesOf,
  dedupeScrapes,
  snapshotScrapes,
} from "./accumulated.ts";
import { detectFormat, kindOfFileName } from "./detect.ts";
import { type ArchiveFormat, BLANK_CLAIM, type DraftField } from "./formats/format.ts";
import type { Row, Table } from "./table.ts";

export type MappedList = {
  format: ArchiveFormat;
  kind: ProposalDraft["kind"];
  /**
   * The drafts the job would make of the same receipts: same natural keys, same pools. For a file
   * that accumulates scrapes, those of every row (for reference only: it loads by `batches`).
   */
  drafts: ProposalDraft[];
  /** For a file that accumulates scrapes (see accumulated.ts): one batch per scrape; else null. */
  batches: Batch[] | null;
  /**
   * When the list was scraped, for a file that says so (its first scrape, when it concatenates
   * several of one day); null when it does not.
   */
  scrapedAt: string | null;
  /** Rows read (receipts listed). */
  receipts: number;
  /** Proposal fields the format does not carry, for SyncInput.unobserved. */
  unobserved: DraftField[];
  /**
   * Columns the format does not read, in file order: kept raw in `extras`, and in each claim's
   * source record (`sourceExtra` of its draft; not for pools, nor for accumulating captures).
   */
  extraColumns: string[];
  /** Each row's extra columns (non-blank cells only), in row order. */
  extras: Row[];
};

const PROPOSAL_KIND = { contracts: "contract", grants: "grant", leases: "lease" } as const;

/** A row that does not make a valid receipt: which one, and why. */
export class BadRowError extends Error {}

/**
 * An archived list's rows as proposal drafts: the format told by the columns (and the kind the
 * file's name says), each row made into the receipt the API would have sent, and those through
 * the job's own receiptsToDrafts. Pure: no I/O.
 */
export function mapTable(table: Table, fileName?: string): MappedList {
  const format = detectFormat(table.columns, fileName ? kindOfFileName(fileName) : undefined);
  const times = accumulatedScrapes(table);
  const read = new Set(format.reads);
  const extraColumns = table.columns.filter((c) => !read.has(c));
  const extraOf = (row: Row) =>
    Object.fromEntries(extraColumns.flatMap((c) => (row[c]?.trim() ? [[c, row[c] ?? ""]] : [])));
  let rows = table.rows.map((row) => ({ receipt: format.receipt(row), extra: extraOf(row) }));
  if (format.collapseRepeats && !times) {
    rows = [...new Map(rows.map((r) => [JSON.stringify(r.receipt), r])).values()];
  }
  // Several scrapes of one day are one list, dated by its first scrape, each receipt once.
  const scrapes = snapshotScrapes(table);
  if (scrapes && new Set(scrapes).size > 1) {
    rows = dedupeScrapes(rows, scrapes, (r) => JSON.stringify(r.receipt));
  }
  const receipts = rows.map((r) => r.receipt);
  let drafts: ProposalDraft[];
  try {
    drafts = receiptsToDrafts(
      format.kind,
      receipts,
      rows.map((r) => r.extra),
    );
  } catch (err) {
    if (!(err instanceof v.ValiError)) throw err;
    const at = table.rows.findIndex((row) => {
      try {
        receiptsToDrafts(format.kind, [format.receipt(row)]);
        return false;
      } catch {
        return true;
      }
    });
    // Row numbers as in the file: the header is line 1.
    throw new BadRowError(
      `row ${at + 2} is not a valid ${format.id} receipt: ${err.message} (${JSON.stringify(table.rows[at])})`,
    );
  }
  return {
    format,
    kind: PROPOSAL_KIND[format.kind],
    drafts: drafts.map(withBlankClaims),
    batches: times
      ? batchesOf(format.kind, receipts, times).map((b) => ({
          ...b,
          drafts: b.drafts.map(withBlankClaims),
        }))
      : null,
    scrapedAt: scrapes ? ([...scrapes].sort()[0] ?? null) : null,
    receipts: receipts.length,
    unobserved: format.unobserved,
    extraColumns,
    extras: table.rows.map(extraOf),
  };
}

const MARK = new Big(BLANK_CLAIM);
// Real amounts have far fewer decimals than this: what is left below it counts the markers.
const UNIT = new Big("1e-20");

/**
 * Blank claims back to unknown. A receipt's marker becomes null; a pool's sum loses the markers
 * it counted (and is null when all its receipts' claims were blank), as do its dates' sums.
 */
function withBlankClaims(draft: ProposalDraft): ProposalDraft {
  const clean = (sum: string, receipts: number): string | null => {
    const total = new Big(sum);
    const blanks = total.mod(UNIT).div(MARK).round(0, Big.roundHalfUp).toNumber();
    if (blanks === 0) return sum;
    if (blanks >= receipts) return null;
    return total.minus(MARK.times(blanks)).toString();
  };
  const claimedSavings = clean(draft.claimedSavings, draft.receiptCount);
  if (claimedSavings === draft.claimedSavings) return draft;
  const receiptDates =
    draft.receiptDates &&
    Object.fromEntries(
      Object.entries(draft.receiptDates).map(([day, d]) => [
        day,
        { ...d, savings: clean(d.savings, d.receipts) ?? "0" },
      ]),
    );
  // The draft type has no unknown claim; the sync stores null as given (claimed_savings is
  // nullable), and an unobserved claim is never read.
  return {
    ...draft,
    claimedSavings: claimedSavings as string,
    receiptDates: isPoolKey(draft.naturalKey) ? receiptDates : draft.receiptDates,
  };
}
