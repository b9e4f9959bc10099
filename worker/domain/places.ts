import type { Db } from "../../db/client.ts";
import { type PlaceInputRow, placeInputs, savePlaces } from "../../db/queries/places.ts";
import { type ClaimPlace, placeOf } from "../lib/places.ts";
import { stateOfAddress } from "../lib/states.ts";

/**
 * Each claim's place (state, district, and the record each comes from), derived again from the
 * records the claims hold now: after a sync (the archived list's columns) and after award
 * lookups (the award record's places). The rule is worker/lib/places.ts; a place is derived
 * evidence, never a version of the claim. `scope` keeps it to those claims (the changed ones),
 * undefined to every claim. Returns how many claims' places changed.
 */
export async function refreshPlaces(db: Db, scope?: number[]): Promise<number> {
  const rows = await placeInputs(db, scope);
  return savePlaces(
    db,
    rows.map((r) => ({ proposalId: r.id, place: placeOfRow(r) })),
  );
}

export function placeOfRow(r: PlaceInputRow): ClaimPlace | null {
  return placeOf({
    awardPerformance: { state: r.award_pop_state, district: r.award_pop_district },
    archivePerformance: { state: r.list_pop_state, district: r.list_pop_district },
    // The list's state column, else the state the lease's location ends with ("DAYTON, OH").
    leaseAddress:
      r.kind === "lease" ? { state: r.lease_state ?? stateOfAddress(r.lease_location) } : undefined,
    awardRecipient: { state: r.award_recipient_state, district: r.award_recipient_district },
    archiveRecipient: { state: r.list_recipient_state, district: r.list_recipient_district },
  });
}
