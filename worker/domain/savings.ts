import Big from "big.js";
import type { Db } from "../../db/client.ts";
import {
  freshness,
  type SavingsFilters,
  summaryByAgency,
  summaryByCommission,
  summaryByMonth,
  summaryByState,
} from "../../db/queries/savings.ts";
import { listsFreshness } from "../../db/queries/source-lists.ts";
import { toApi } from "../lib/serialize.ts";
import { stateName } from "../lib/states.ts";
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
  const lists = await listsFreshness(db);
  return totals.map((t) => ({
    ...t,
    lists: lists.get(t.commission) ?? [],
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

/** part ÷ whole as a decimal string of 4 places ("0.1234"); "0" when the whole is 0. */
export function share(part: Big, whole: Big): string {
  return whole.eq(0) ? "0" : part.div(whole).round(4, Big.roundHalfUp).toFixed(4);
}

/**
 * Per state of the claims' places, with each state's share of the claims and of the claimed
 * dollars; the claims whose place is unknown are the row with a null state (and `unknown_place`
 * says how many and what share), so the rows always add up to the summary.
 */
export async function savingsByState(db: Db, filters: SavingsFilters) {
  const rows = await summaryByState(db, METHODOLOGY_VERSION, filters);
  const claims = rows.reduce((n, r) => n + r.claims, 0);
  const claimed = rows.reduce((sum, r) => sum.plus(r.claimed), new Big(0));
  const withShares = rows.map(({ state, ...r }) => ({
    state,
    state_name: state ? stateName(state) : null,
    ...r,
    share_of_claims: share(new Big(r.claims), new Big(claims)),
    share_of_claimed: share(new Big(r.claimed), claimed),
  }));
  const unknown = withShares.find((r) => r.state === null);
  return {
    rows: withShares,
    unknown_place: {
      claims: unknown?.claims ?? 0,
      claimed: unknown?.claimed ?? "0",
      share_of_claims: unknown?.share_of_claims ?? share(new Big(0), new Big(claims)),
      share_of_claimed: unknown?.share_of_claimed ?? share(new Big(0), claimed),
    },
  };
}
