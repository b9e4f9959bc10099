import type { ReceiptKind } from "../../worker/jobs/doge/receipts.ts";
import { contracts202502 } from "./formats/contracts-2025-02.ts";
import { contracts202503 } from "./formats/contracts-2025-03.ts";
import { contractsList202503 } from "./formats/contracts-list-2025-03.ts";
import type { ArchiveFormat } from "./formats/format.ts";
import { grants20250319 } from "./formats/grants-2025-03-19.ts";
import { grants20250330 } from "./formats/grants-2025-03-30.ts";
import { leases202502 } from "./formats/leases-2025-02.ts";
import { leases202504 } from "./formats/leases-2025-04.ts";

/** Every format generation the importer knows, oldest first. */
export const FORMATS: readonly ArchiveFormat[] = [
  contracts202502,
  contractsList202503,
  contracts202503,
  grants20250319,
  grants20250330,
  leases202502,
  leases202504,
];

/** A list whose columns fit no known format, or more than one. */
export class UnknownFormatError extends Error {}

/**
 * The format generation of a list, told by the columns that carry the claim; other columns are
 * free to come and go. When the file's name says its kind (`contracts-…`), the format must be of
 * that kind. Refuses, naming the columns, a list that fits none or several.
 */
export function detectFormat(columns: readonly string[], kindHint?: ReceiptKind): ArchiveFormat {
  const present = new Set(columns);
  const fits = FORMATS.filter(
    (f) =>
      (!kindHint || f.kind === kindHint) &&
      f.requires.every((c) => present.has(c)) &&
      !f.forbids.some((c) => present.has(c)),
  );
  if (fits.length === 1) return fits[0] as ArchiveFormat;
  const named = columns.length ? columns.join(", ") : "(none)";
  if (fits.length === 0) {
    throw new UnknownFormatError(
      `no known ${kindHint ? `${kindHint} ` : ""}list format has the columns ${named}; known formats: ${FORMATS.map((f) => `${f.id} (${f.requires.join(", ")})`).join("; ")}`,
    );
  }
  throw new UnknownFormatError(
    `the columns ${named} fit several formats (${fits.map((f) => f.id).join(", ")}): name the file <kind>-<date> to say which kind it is`,
  );
}

/** The kind a file's name says (`contracts-2025-03-31.csv.gz`, `doge-contracts-….csv`), if any. */
export function kindOfFileName(name: string): ReceiptKind | undefined {
  const m = /(?:^|[^a-z])(contracts|grants|leases)-/i.exec(name.split("/").pop() ?? "");
  return m?.[1]?.toLowerCase() as ReceiptKind | undefined;
}
