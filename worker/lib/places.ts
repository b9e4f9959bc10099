import { districtOf, type StateCode, stateCodeOf } from "./states.ts";

/**
 * Where a claim's money was to be spent: its state and congressional district, each with the
 * record that says so. Derived evidence, like an assessment: recomputed from the records the
 * claim holds (the archived list's columns) and the award behind it, never edited. Pure: no I/O.
 */

/** Which record a place comes from. */
export const PLACE_SOURCES = [
  "place_of_performance",
  "lease_address",
  "recipient_location",
] as const;
export type PlaceSource = (typeof PLACE_SOURCES)[number];

/** A state and district as a record gives them (codes, names or FPDS's "VIRGINIA 08"). */
export type RecordPlace = { state?: string | null; district?: string | null };

/** What the records behind one claim say about its place. */
export type PlaceInputs = {
  /** The USAspending award record's `place_of_performance` (a live lookup or the stand-in). */
  awardPerformance?: RecordPlace | undefined;
  /** The archived list's place of performance (contracts' `performance_*`, grants' `place_of_performance_*`). */
  archivePerformance?: RecordPlace | undefined;
  /** A lease's city and state as the lease list gives them. */
  leaseAddress?: RecordPlace | undefined;
  /** The award record's `recipient.location`. */
  awardRecipient?: RecordPlace | undefined;
  /** The archived list's vendor or recipient location (`entity_*`, `recipient_location_*`). */
  archiveRecipient?: RecordPlace | undefined;
};

export type ClaimPlace = {
  state: StateCode;
  /** `CA-12`, or null where no record gives a district in the claim's state. */
  district: string | null;
  placeSource: PlaceSource;
  districtSource: PlaceSource | null;
};

/**
 * The claim's place, by precedence: where the work is done before who is paid for it, the award
 * record before the list's copy of it. 1. the award's place of performance, 2. the list's place
 * of performance, 3. a lease's address (the leased building is where the money is spent),
 * 4. the award's recipient location, 5. the list's vendor or recipient location. The first that
 * names a US state or territory gives the state. The district comes from the first source in the
 * same order that gives one *in that state* (a vendor's district in Virginia says nothing about
 * work performed in Maryland). Null when no record names a state: the claim's place is unknown.
 */
export function placeOf(inputs: PlaceInputs): ClaimPlace | null {
  const ranked: [PlaceSource, RecordPlace | undefined][] = [
    ["place_of_performance", inputs.awardPerformance],
    ["place_of_performance", inputs.archivePerformance],
    ["lease_address", inputs.leaseAddress],
    ["recipient_location", inputs.awardRecipient],
    ["recipient_location", inputs.archiveRecipient],
  ];
  const states = ranked.map(([source, place]) => {
    const state =
      stateCodeOf(place?.state) ?? stateCodeOf(districtOf(null, place?.district)?.slice(0, 2));
    return { source, state, district: state ? districtOf(state, place?.district) : null };
  });
  const chosen = states.find((s) => s.state);
  if (!chosen?.state) return null;
  const district = states.find(
    (s) => s.state === chosen.state && s.district?.startsWith(`${chosen.state}-`),
  );
  return {
    state: chosen.state,
    district: district?.district ?? null,
    placeSource: chosen.source,
    districtSource: district ? district.source : null,
  };
}
