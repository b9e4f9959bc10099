import type { Db } from "../../db/client.ts";
import {
  freshness,
  type SavingsFilters,
  summaryByAgency,
  summaryByCommission,
  summaryByMonth,
} from "../../db/queries/savings.ts";
import { toApi } from "../lib/serialize.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";

/** The savings rollups under the current methodology: claimed against verified. */

/** What every rollup carries beside its rows: the methodology, and how fresh the data is. */
export async function rollupMeta(db: Db) {
  return {
    methodology_version: METHODOLOGY_VERSION,
    freshness: toApi(await freshness(db, METHODOLOGY_VERSION)),
  };
}

/** Per commission, with its claims and claimed dollars by verdict. */
export async function savingsByCommission(db: Db, filters: SavingsFilters) {
  const { totals, byStatus } = await summaryByCommission(db, METHODOLOGY_VERSION, filters);
  return totals.map((t) => ({
    ...t,
    by_status: Object.fromEntries(
      byStatus
        .filter((s) => s.commission === t.commission)
        .map((s) => [s.status, { claims: s.claims, claimed: s.claimed }]),
    ),
  }));
}

/** Per agency, beside Treasury's outlays. */
export const savingsByAgency = (db: Db, filters: SavingsFilters) =>
  summaryByAgency(db, METHODOLOGY_VERSION, filters);

/** Per month of the claim date. */
export const savingsByMonth = (db: Db, filters: SavingsFilters) =>
  summaryByMonth(db, METHODOLOGY_VERSION, filters);
