import Big from "big.js";
import { parse } from "csv-parse/sync";
import {
  type AssessmentV2,
  type AwardRecordV2,
  assessV2,
  STATUSES_V2,
} from "../../worker/savings/assess-v2.ts";
import { type Totals, totalsOf } from "../../worker/savings/totals.ts";
import { archivedRecord, completedIdentifiers, receiptIdentifiers } from "../archive/contracts.ts";
import { contractAwardId, type FpdsLink, fpdsDate, fpdsMoney } from "../fpds.ts";

/**
 * The worked examples of METHODOLOGY.md, under methodology version 2 (worker/savings/assess-v2.ts,
 * totals by worker/savings/totals.ts as the API computes them). Pure: they take CSV texts and the
 * commission's start, and return the totals.
 *
 * - `archiveExample`: DOGE's contract list as captured on 2025-04-04 (data/archive/), each row a
 *   receipt with its savings claim C and contract value V beside the FPDS record its link points
 *   to. The record is one action (the linked modification): its obligation is the only
 *   transaction we know of, and FPDS has no payments, so P is unknown for every row.
 * - `fpdsExample`: DOGE's 2025-03-05 list (data/fpds/), which gives only the contract value:
 *   VALUE stands in as C to show what the record says about contract values, never as a claim.
 */
export type ExampleResult = {
  rows: number;
  totals: Totals;
  /** Σ V: the contract values listed beside the claims (all rows). */
  value: string;
  /** Money taken back before the commission's start, on the assessed claims: not its saving. */
  deobligatedBeforeStart: string;
  byStatus: Record<string, { claims: number; claimed: string; value: string }>;
  /** Later claims of an award already claimed, and task orders counted under their vehicle. */
  duplicates: { sameAward: number; underVehicle: number };
  /** Task orders whose link leaves the parent agency blank, completed from the record. */
  parentsCompleted: number;
};

type Row = Record<string, string>;

/** One receipt read from a list, ready for the duplicate rule and assessV2. */
type Claim = {
  claimed: string | null;
  value: string | null;
  /** Orders the claims of one award: the earliest counts it. */
  claimDate: string | null;
  /** The award's identifiers, or null when the receipt names no award. */
  link: FpdsLink | null;
  award: AwardRecordV2 | { status: "not_found" };
};

export function archiveExample(csv: string, commissionStart: string): ExampleResult {
  const rows = parse(csv, { columns: true, bom: true }) as Row[];
  let parentsCompleted = 0;
  const claims = rows.map((row): Claim => {
    // Task orders' parent agency completed from the record, so the award key is USAspending's
    // and the vehicle rule can compare agencies.
    const link = completedIdentifiers(row);
    if (link?.parentAgency && !receiptIdentifiers(row.fpds_link)?.parentAgency)
      parentsCompleted += 1;
    const record = archivedRecord(row);
    return {
      claimed: fpdsMoney(row.savings),
      value: fpdsMoney(row.value),
      // The receipt's own date where it has one, else the linked action's.
      claimDate: fpdsDate(row.deleted_date) ?? fpdsDate(row.date_signed),
      link,
      award: record
        ? {
            status: "found",
            totalObligation: record.totalObligation,
            totalOutlay: null,
            baseExercisedOptions: record.baseExercisedOptions,
            baseAndAllOptions: record.baseAndAllOptions,
            transactions: [record.action],
          }
        : { status: "not_found" },
    };
  });
  return { ...assessAll(claims, commissionStart), parentsCompleted };
}

export function fpdsExample(
  listCsv: string,
  fpdsCsv: string,
  commissionStart: string,
): ExampleResult {
  const list = parse(listCsv, { columns: true, bom: true }) as Row[];
  const records = new Map<string, Row>();
  for (const r of parse(fpdsCsv, { columns: true, bom: true }) as Row[]) {
    // Some captured records are empty (no PIID, no amounts): the capture found nothing there.
    if (r.LINK && r.PROCUREMENT_ID?.trim()) records.set(r.LINK.trim(), r);
  }
  const claims = list.map((row): Claim => {
    const record = records.get((row.LINK ?? "").trim());
    const value = fpdsMoney(row.VALUE);
    return {
      claimed: value,
      value,
      claimDate: fpdsDate(row["UPLOADED ON"]) ?? fpdsDate(record?.DATE_SIGNED),
      // These links leave the parent agency blank and the records do not name it: no task order
      // here can meet the vehicle rule, which compares agencies.
      link: receiptIdentifiers(row.LINK),
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
                ceilingChange: fpdsMoney(record.CURRENT_BASE_AND_ALL_OPTIONS_VALUE_TCV),
              },
            ],
          }
        : { status: "not_found" },
    };
  });
  return { ...assessAll(claims, commissionStart), parentsCompleted: 0 };
}

function assessAll(claims: Claim[], commissionStart: string) {
  const keys = claims.map((c) => (c.link ? contractAwardId(c.link) : null));
  const { duplicateOf, underVehicle } = duplicates(claims, keys);
  const assessed = claims.map(
    (c, i) =>
      assessV2({
        claimed: c.claimed,
        value: c.value,
        commissionStart,
        awardId: keys[i] ?? null,
        award: c.award,
        duplicateOf: duplicateOf[i],
      }) as AssessmentV2, // never null: every award is given, found or not
  );
  let value = new Big(0);
  let before = new Big(0);
  const byStatus = Object.fromEntries(
    STATUSES_V2.map((s) => [s, { claims: 0, claimed: new Big(0), value: new Big(0) }]),
  );
  assessed.forEach((a, i) => {
    const v = claims[i]?.value ?? "0";
    value = value.plus(v);
    before = before.plus((a.evidence.deobligated_before_start as string | undefined) ?? "0");
    const entry = byStatus[a.status] as { claims: number; claimed: Big; value: Big };
    entry.claims += 1;
    entry.claimed = entry.claimed.plus(a.claimed ?? "0");
    entry.value = entry.value.plus(v);
  });
  const dups = duplicateOf.filter((d) => d !== null).length;
  return {
    rows: claims.length,
    totals: totalsOf(assessed),
    value: value.toFixed(2),
    deobligatedBeforeStart: before.toFixed(2),
    byStatus: Object.fromEntries(
      Object.entries(byStatus).map(([s, e]) => [
        s,
        { claims: e.claims, claimed: e.claimed.toFixed(2), value: e.value.toFixed(2) },
      ]),
    ),
    duplicates: { sameAward: dups - underVehicle, underVehicle },
  };
}

/**
 * Version 2's duplicate rule (DESIGN.md §5; db/queries/assessments.ts `claimsToAssessV2` states
 * it in SQL), over claims numbered from 1 in list order. Only claims of a saving (C > 0) that
 * name an award take part. The earliest claim of an award (by claim date, then list order)
 * counts it; later ones duplicate it. A task order that is the first claim of its award counts
 * under a claimed vehicle only when the vehicle is its own agency's IDV (order's agency = its
 * parent's agency, the vehicle's) and the vehicle's claim is at least its orders' claims.
 */
function duplicates(claims: Claim[], keys: (string | null)[]) {
  const duplicateOf: (number | null)[] = claims.map(() => null);
  const taking = [...claims.keys()]
    .filter((i) => keys[i] && new Big(claims[i]?.claimed ?? "0").gt(0))
    .sort((a, b) => {
      const da = claims[a]?.claimDate ?? "9999";
      const db = claims[b]?.claimDate ?? "9999";
      return da < db ? -1 : da > db ? 1 : a - b;
    });
  const first = new Map<string, number>();
  for (const i of taking) {
    const key = keys[i] as string;
    const earliest = first.get(key);
    if (earliest === undefined) first.set(key, i);
    else duplicateOf[i] = earliest + 1;
  }
  // Each vehicle's orders (each the first claim of its own award), and their claims' sum.
  const orders = new Map<number, { orders: number[]; claimed: Big }>();
  for (const i of taking) {
    const link = claims[i]?.link;
    if (duplicateOf[i] !== null || !link?.parentPiid || link.parentAgency !== link.agency) continue;
    const vehicle = first.get(
      contractAwardId({
        piid: link.parentPiid,
        agency: link.agency,
        parentPiid: "",
        parentAgency: "",
      }),
    );
    if (vehicle === undefined) continue;
    const entry = orders.get(vehicle) ?? { orders: [], claimed: new Big(0) };
    entry.orders.push(i);
    entry.claimed = entry.claimed.plus(claims[i]?.claimed ?? "0");
    orders.set(vehicle, entry);
  }
  let underVehicle = 0;
  for (const [vehicle, entry] of orders) {
    if (entry.claimed.gt(claims[vehicle]?.claimed ?? "0")) continue;
    for (const i of entry.orders) duplicateOf[i] = vehicle + 1;
    underVehicle += entry.orders.length;
  }
  return { duplicateOf, underVehicle };
}
