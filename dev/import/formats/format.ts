import type { DRAFT_FIELDS } from "../../../worker/domain/draft.ts";
import type { ReceiptKind } from "../../../worker/jobs/doge/receipts.ts";
import { fpdsDate } from "../../fpds.ts";
import type { Row } from "../table.ts";

export type DraftField = (typeof DRAFT_FIELDS)[number];

/**
 * One generation of an archived list's format: the columns that tell it apart (those carrying
 * the claim), and how a row becomes the DOGE API receipt it stands for, so that it turns into the
 * same proposal draft, under the same natural key, as the API's receipt would.
 */
export type ArchiveFormat = {
  id: string;
  kind: ReceiptKind;
  /** Which captures have this format, for messages. */
  seenIn: string;
  /** Every one of these columns is present… */
  requires: string[];
  /** …and none of these. */
  forbids: string[];
  /** The columns the mapping reads; any other is an extra column, kept raw. */
  reads: string[];
  /** Proposal fields this format does not carry: not observed, never a change to NULL. */
  unobserved: DraftField[];
  /** The receipt (as the API would send it) this row stands for. */
  receipt(row: Row): Record<string, string | null>;
  /**
   * Why a list of this format is not known to hold every receipt the source listed then; absent
   * for a complete list. A partial list adds and edits claims but removes none (load.ts).
   */
  partial?: string;
  /**
   * Rows that make the very same receipt are one receipt seen at several scrapes, not several
   * receipts: for captures that concatenated scrapes without saying when each was taken.
   */
  collapseRepeats?: boolean;
};

/**
 * A blank claim cell is unknown, not zero; the API's receipt schema wants a number, so it goes
 * through as this marker, which the mapper turns back into null (see mapTable).
 */
export const BLANK_CLAIM = "1e-30";

/** Text, or null when blank. */
export const text = (s: string | undefined): string | null => (s?.trim() ? s.trim() : null);

/**
 * An amount as the API receipt schema takes it: "8000000000.0", "3,076", "$440,000 " → plain
 * decimal text; blank → null. Anything else is passed through, for the schema to refuse.
 */
export function amount(s: string | undefined): string | null {
  const t = (s ?? "").trim();
  if (!t) return null;
  const plain = t.replace(/[$,\s]/g, "");
  return /^-?\d+(\.\d+)?$/.test(plain) ? plain : t;
}

/** A claim amount: blank is unknown (BLANK_CLAIM). */
export const claim = (s: string | undefined): string => amount(s) ?? BLANK_CLAIM;

/**
 * Any of the archives' date forms (M/D/YYYY, M/D/YY, YYYY-MM-DD) as the API's M/D/YYYY, which
 * its receipt schema reads; blank → null; anything else passed through for the schema to refuse.
 */
export function usDate(s: string | undefined): string | null {
  const t = (s ?? "").trim();
  if (!t) return null;
  const iso = fpdsDate(t);
  if (!iso) return t;
  const [y, m, d] = iso.split("-");
  return `${Number(m)}/${Number(d)}/${y}`;
}
