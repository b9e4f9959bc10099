import type { Db } from "../../db/client.ts";
import { districtsOfState } from "../../db/queries/places.ts";
import { listProposals } from "../../db/queries/proposals.ts";
import { freshness } from "../../db/queries/savings.ts";
import { PLACES, type StateCode } from "../lib/states.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { savingsByCommission, savingsByState } from "./savings.ts";

/** `/states` and its embed: claims by the state of their place, with how fresh the data is. */
export async function loadStates(db: Db, commission: string | undefined) {
  const byState = await savingsByState(db, { commission });
  return { ...byState, freshness: await freshness(db, METHODOLOGY_VERSION) };
}

export type StatesData = Awaited<ReturnType<typeof loadStates>>;

const TOP_CLAIMS = 25;

/** One state's page: its totals, its districts, its largest claims. */
export async function loadState(db: Db, code: StateCode) {
  const totals = await savingsByCommission(db, { state: code });
  const [placed] = (await savingsByState(db, { state: code })).rows.filter((r) => r.state === code);
  const districts = await districtsOfState(db, code);
  const claims = await listProposals(db, {
    filters: { methodologyVersion: METHODOLOGY_VERSION, state: code, removed: "false" },
    sort: "claimed_savings",
    desc: true,
    limit: TOP_CLAIMS,
  });
  return {
    code,
    name: PLACES[code].name,
    // One commission's claims in practice; several are listed apart.
    byCommission: totals,
    claimCount: totals.reduce((n, t) => n + t.claims, 0),
    placed,
    districts,
    claims,
  };
}

export type StateData = Awaited<ReturnType<typeof loadState>>;
