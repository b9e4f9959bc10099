import * as v from "valibot";
import { parseApproxDate } from "../lib/approx-date.ts";

/** Dates as the reports give them, shared by postings and affiliations. */

export const Precision = v.pipe(
  v.picklist(["day", "approximate", "month", "unknown"]),
  v.description(
    "How precisely the report gives the date: `day`; `approximate` (about that day); `month` (some day that month: the date is the month's first day and stands for all of it); `unknown` (not reported, the date is null).",
  ),
);

/** A date as the reports give it: "2025-02-14", about a day "2025-02-14~", a month "2025-02-XX". */
export const ReportedDate = v.optional(
  v.nullable(
    v.pipe(
      v.string(),
      v.check(
        (t) => parseApproxDate(t) !== null,
        'must be a date as YYYY-MM-DD, "YYYY-MM-DD~" (about that day) or "YYYY-MM-XX" (a month)',
      ),
      v.description('YYYY-MM-DD; "YYYY-MM-DD~" for about that day; "YYYY-MM-XX" for a month only.'),
    ),
  ),
);
