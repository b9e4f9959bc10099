import Big from "big.js";
import { parse } from "csv-parse/sync";
import { type Assessment, assess } from "../../worker/savings/assess.ts";

/**
 * The worked example of METHODOLOGY.md: DOGE's 2025-03-05 contract list, each row joined with
 * the FPDS record its link points to, assessed with the current rule. FPDS gives O, X, C and the
 * linked modification (a negative obligation is a deobligation); it has no payments, so P is
 * unknown throughout. Pure: takes the two CSV texts, returns the totals.
 */
export type ExampleResult = {
  rows: number;
  claimed: string;
  counted: string;
  verifiedLow: string;
  verifiedHigh: string;
  potentialAvoided: string;
  byStatus: Record<string, { claims: number; claimed: string }>;
};

type Row = Record<string, string>;

export function workedExample(listCsv: string, fpdsCsv: string): ExampleResult {
  const list = parse(listCsv, { columns: true, bom: true }) as Row[];
  const records = new Map<string, Row>();
  for (const r of parse(fpdsCsv, { columns: true, bom: true }) as Row[]) {
    if (r.LINK) records.set(r.LINK.trim(), r);
  }
  const firstClaim = new Map<string, number>();
  // Vehicles (IDV, BPA, BOA) claimed as a whole, by PIID: a task order under one counts there.
  const vehicles = new Map<string, number>();
  list.forEach((row, index) => {
    const q = linkParams(row.LINK);
    const piid = q?.get("PIID");
    if (piid && !q?.get("idvPIID") && !vehicles.has(piid)) vehicles.set(piid, index + 1);
  });
  const totals = {
    claimed: new Big(0),
    counted: new Big(0),
    low: new Big(0),
    high: new Big(0),
    potential: new Big(0),
  };
  const byStatus: Record<string, { claims: number; claimed: Big }> = {};
  list.forEach((row, index) => {
    const claimed = money(row.VALUE);
    const record = records.get((row.LINK ?? "").trim());
    const awardId = record ? awardKey(row.LINK ?? "") : null;
    const parent = linkParams(row.LINK)?.get("idvPIID");
    const earlier =
      (awardId ? firstClaim.get(awardId) : undefined) ??
      (parent ? vehicles.get(parent) : undefined);
    if (awardId && !firstClaim.has(awardId)) firstClaim.set(awardId, index + 1);
    const result = assess({
      claimed,
      // The list gives only its upload date; the cancellation is the modification its link
      // points to, so that action's own date is the claim date (its deobligation counts).
      claimDate: record ? usDate(record.DATE_SIGNED) : usDate(row["UPLOADED ON"]),
      awardId,
      duplicateOf: earlier ?? null,
      award: record
        ? {
            status: "found",
            totalObligation: money(record.TOTAL_ACTION_OBLIGATION),
            totalOutlay: null,
            baseExercisedOptions: money(record.TOTAL_BASE_AND_EXERCISED_VALUE),
            baseAndAllOptions: money(record.TOTAL_BASE_AND_ALL_OPTIONS_VALUE_TCV),
            transactions: [
              {
                key: `${record.PROCUREMENT_ID}:${record.MODIFICATION_NO}`,
                actionDate: usDate(record.DATE_SIGNED),
                obligation: money(record.CURENT_ACTION_OBLIGATION),
              },
            ],
          }
        : { status: "not_found" },
    }) as Assessment;
    add(totals, byStatus, claimed, result);
  });
  return {
    rows: list.length,
    claimed: totals.claimed.toFixed(2),
    counted: totals.counted.toFixed(2),
    verifiedLow: totals.low.toFixed(2),
    verifiedHigh: totals.high.toFixed(2),
    potentialAvoided: totals.potential.toFixed(2),
    byStatus: Object.fromEntries(
      Object.entries(byStatus)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, v]) => [s, { claims: v.claims, claimed: v.claimed.toFixed(2) }]),
    ),
  };
}

function add(
  totals: { claimed: Big; counted: Big; low: Big; high: Big; potential: Big },
  byStatus: Record<string, { claims: number; claimed: Big }>,
  claimed: string | null,
  a: Assessment,
) {
  const c = new Big(claimed ?? "0");
  totals.claimed = totals.claimed.plus(c);
  const entry = byStatus[a.status] ?? { claims: 0, claimed: new Big(0) };
  byStatus[a.status] = entry;
  entry.claims += 1;
  entry.claimed = entry.claimed.plus(c);
  if (a.status === "duplicate") return;
  totals.counted = totals.counted.plus(c);
  if (a.verifiedLow !== null) totals.low = totals.low.plus(min(c, new Big(a.verifiedLow)));
  if (a.verifiedHigh !== null) totals.high = totals.high.plus(min(c, new Big(a.verifiedHigh)));
  if (a.potentialAvoided !== null) totals.potential = totals.potential.plus(a.potentialAvoided);
}

function linkParams(link: string | undefined): URLSearchParams | null {
  return link && URL.canParse(link.trim()) ? new URL(link.trim()).searchParams : null;
}

/** The award a link names: the FPDS identifiers, as USAspending keys a contract. */
function awardKey(link: string): string {
  const q = new URL(link).searchParams;
  return `CONT_AWD_${q.get("PIID")}_${q.get("agencyID")}_${q.get("idvPIID") || "-NONE-"}_${q.get("idvAgencyID") || "-NONE-"}`;
}

/** "$1,234.50 " → "1234.50"; "($5.00)" → "-5.00"; blank → null (unknown, never zero). */
export function money(text: string | undefined): string | null {
  const t = (text ?? "").trim();
  if (!t) return null;
  const negative = /^\(.*\)$/.test(t) || t.startsWith("-");
  const digits = t.replace(/[($),\s-]/g, "");
  if (!/^\d+(\.\d+)?$/.test(digits)) return null;
  return negative ? `-${digits}` : digits;
}

/** "2/13/25" or "2/13/2025" → "2025-02-13". */
function usDate(text: string | undefined): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})/.exec((text ?? "").trim());
  if (!m) return null;
  const year = m[3]?.length === 2 ? `20${m[3]}` : m[3];
  return `${year}-${m[1]?.padStart(2, "0")}-${m[2]?.padStart(2, "0")}`;
}

const min = (a: Big, b: Big) => (a.lte(b) ? a : b);
