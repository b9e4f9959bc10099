import Big from "big.js";
import { parse } from "csv-parse/sync";
import { type Assessment, assess } from "../../worker/savings/assess.ts";
import { contractAwardId, fpdsDate, fpdsLink, fpdsMoney } from "../fpds.ts";

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
    const link = fpdsLink(row.LINK);
    if (link?.piid && !link.parentPiid && !vehicles.has(link.piid))
      vehicles.set(link.piid, index + 1);
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
    const claimed = fpdsMoney(row.VALUE);
    const record = records.get((row.LINK ?? "").trim());
    const link = fpdsLink(row.LINK);
    const awardId = record && link ? contractAwardId(link) : null;
    const parent = link?.parentPiid;
    const earlier =
      (awardId ? firstClaim.get(awardId) : undefined) ??
      (parent ? vehicles.get(parent) : undefined);
    if (awardId && !firstClaim.has(awardId)) firstClaim.set(awardId, index + 1);
    const result = assess({
      claimed,
      // The list gives only its upload date; the cancellation is the modification its link
      // points to, so that action's own date is the claim date (its deobligation counts).
      claimDate: record ? fpdsDate(record.DATE_SIGNED) : fpdsDate(row["UPLOADED ON"]),
      awardId,
      duplicateOf: earlier ?? null,
      award: record
        ? {
            status: "found",
            totalObligation: fpdsMoney(record.TOTAL_ACTION_OBLIGATION),
            totalOutlay: null,
            baseExercisedOptions: fpdsMoney(record.TOTAL_BASE_AND_EXERCISED_VALUE),
            baseAndAllOptions: fpdsMoney(record.TOTAL_BASE_AND_ALL_OPTIONS_VALUE_TCV),
            transactions: [
              {
                key: `${record.PROCUREMENT_ID}:${record.MODIFICATION_NO}`,
                actionDate: fpdsDate(record.DATE_SIGNED),
                obligation: fpdsMoney(record.CURENT_ACTION_OBLIGATION),
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

const min = (a: Big, b: Big) => (a.lte(b) ? a : b);
