import * as v from "valibot";
import { PLACE_SOURCES } from "../lib/places.ts";
import { type StateCode as Code, DISTRICT_PATTERN, isStateCode } from "../lib/states.ts";

/** A state's USPS code (any case), one of the 50 states, DC and the territories. */
export const StateCode = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.check(isStateCode, "must be a US state's two-letter USPS code, e.g. CA, DC or PR"),
  v.transform((s) => s as Code),
);

export const StateParam = v.optional(
  v.pipe(
    StateCode,
    v.description("The claim's state (USPS code, any case): see `state` on a proposal."),
    v.examples(["VA"]),
  ),
);

export const DistrictParam = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(DISTRICT_PATTERN, "must be a congressional district like CA-12"),
    v.transform((s) => {
      const [st, n] = s.toUpperCase().split("-");
      return `${st}-${(n ?? "").padStart(2, "0")}`;
    }),
    v.check((s) => isStateCode(s.slice(0, 2)), "must start with a US state's USPS code"),
    v.description(
      "The claim's congressional district, `<state>-<number>` (`VA-08`; `00` at large, `98` DC's delegate).",
    ),
    v.examples(["VA-08"]),
  ),
);

/** A state path parameter named `code`. */
export const StatePath = v.object({
  code: v.pipe(StateCode, v.description("USPS state code, e.g. CA.")),
});

/** A claim's place fields as records show them. */
export const PlaceFields = {
  state: v.pipe(
    v.nullable(v.string()),
    v.description(
      "USPS code of the state (or DC, a territory) where the claim's money was to be spent, from the records behind it; null when no record names one (see METHODOLOGY.md, Places).",
    ),
  ),
  district: v.pipe(
    v.nullable(v.string()),
    v.description("Congressional district (`VA-08`) in that state where a record gives one."),
  ),
  place_source: v.pipe(
    v.nullable(v.picklist(PLACE_SOURCES)),
    v.description(
      "The record the state comes from: `place_of_performance` (the award's or the list's), `lease_address` (a lease's city and state), `recipient_location` (the vendor's or recipient's address).",
    ),
  ),
  district_source: v.pipe(
    v.nullable(v.picklist(PLACE_SOURCES)),
    v.description("The record the district comes from."),
  ),
};
