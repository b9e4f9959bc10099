import type { Measures, summaryByAgency, summaryByMonth } from "../../db/queries/savings.ts";
import type { ChartRow } from "./charts.tsx";

/** A chart row from a rollup's measures (methodology 3's figures, never the deprecated range). */
export const chartRowOf = (label: string, m: Measures, href?: string): ChartRow => ({
  label,
  claimed: m.claimed,
  checked: m.claimed_checkable,
  contradicted: m.claimed_contradicted,
  takenBack: m.taken_back,
  notRuledOut: m.not_ruled_out,
  href,
});

/** Agencies as chart rows, largest claimed first; unmatched names keep their published name. */
export function agencyChartRows(
  rows: Awaited<ReturnType<typeof summaryByAgency>>,
  limit: number,
): ChartRow[] {
  return rows
    .slice(0, limit)
    .map((r) =>
      chartRowOf(
        r.agency_name ?? "Agency not named",
        r,
        r.agency_code ? `/agencies/${r.agency_code}` : undefined,
      ),
    );
}

/** Months of claim as chart rows, oldest first. */
export function monthChartRows(rows: Awaited<ReturnType<typeof summaryByMonth>>): ChartRow[] {
  return rows.map((m) => chartRowOf(m.month ?? "No claim date", m));
}
