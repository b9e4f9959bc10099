import type { NewPosting } from "../../db/queries/postings.ts";
import { type ApproxDate, parseApproxDate } from "../lib/approx-date.ts";

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
