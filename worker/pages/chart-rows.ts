import type { summaryByAgency, summaryByMonth } from "../../db/queries/savings.ts";
import type { ChartRow } from "./charts.tsx";

/** Agencies as chart rows, largest claimed first; unmatched names keep their published name. */
export function agencyChartRows(
  rows: Awaited<ReturnType<typeof summaryByAgency>>,
  limit: number,
): ChartRow[] {
  return rows.slice(0, limit).map((r) => ({
    label: r.agency_name ?? "Agency not named",
    claimed: r.claimed,
    verifiedLow: r.verified_low,
    verifiedHigh: r.verified_high,
    href: r.agency_code ? `/agencies/${r.agency_code}` : undefined,
  }));
}

/** Months of claim as chart rows, oldest first. */
export function monthChartRows(rows: Awaited<ReturnType<typeof summaryByMonth>>): ChartRow[] {
  return rows.map((m) => ({
    label: m.month ?? "No claim date",
    claimed: m.claimed,
    verifiedLow: m.verified_low,
    verifiedHigh: m.verified_high,
  }));
}
