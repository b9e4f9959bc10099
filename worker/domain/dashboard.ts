import type { Db } from "../../db/client.ts";
import { listChanges } from "../../db/queries/changes.ts";
import { getCommission } from "../../db/queries/commissions.ts";
import { freshness, largestOverstated } from "../../db/queries/savings.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { loadSecondOpinions } from "./reviews.ts";
import { savingsByAgency, savingsByCommission } from "./savings.ts";

const OVERSTATED = 10;
const CHANGES = 12;

/**
 * A commission's dashboard: its savings record as /v1/savings serves it, the agencies beside it,
 * the largest overstated claims, the latest changes and others' checks. Undefined when there is
 * no such commission.
 */
export async function loadDashboard(db: Db, commission: string) {
  const found = await getCommission(db, commission);
  if (!found) return undefined;
  const filters = { commission };
  const [savings] = await savingsByCommission(db, filters);
  const byAgency = await savingsByAgency(db, filters);
  const overstated = await largestOverstated(db, METHODOLOGY_VERSION, filters, OVERSTATED);
  const changes = await listChanges(db, { filters, limit: CHANGES });
  const fresh = await freshness(db, METHODOLOGY_VERSION);
  // Others' checks and cost estimates: beside this project's figures, never added to them.
  const secondOpinions = await loadSecondOpinions(db, found, savings);
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    commission: found,
    savings,
    byAgency,
    overstated,
    changes,
    freshness: fresh,
    secondOpinions,
  };
}

export type Dashboard = NonNullable<Awaited<ReturnType<typeof loadDashboard>>>;
