import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";
import type { PlaceSource } from "../../worker/lib/places.ts";
import { timestampTz } from "./columns.ts";
import { proposals } from "./proposals.ts";

/**
 * Where a claim's money was to be spent, derived from the records behind it (the archived list's
 * columns, the award record): its state (USPS code) and congressional district (`CA-12`), each
 * with the record that gives it (worker/lib/places.ts). Derived evidence like an assessment, not
 * claim data: recomputed when its records change, never edited, never a version of the claim.
 * A claim without a row has no known place.
 */
export const proposalPlaces = pgTable(
  "proposal_places",
  {
    proposalId: bigint("proposal_id", { mode: "number" })
      .primaryKey()
      .references(() => proposals.id),
    state: text("state").notNull(),
    district: text("district"),
    /** place_of_performance, lease_address or recipient_location. */
    placeSource: text("place_source").$type<PlaceSource>().notNull(),
    districtSource: text("district_source").$type<PlaceSource>(),
    derivedAt: timestampTz("derived_at").notNull().defaultNow(),
  },
  (t) => [
    index("proposal_places_state_idx").on(t.state, t.proposalId),
    index("proposal_places_district_idx").on(t.district, t.proposalId),
  ],
);
