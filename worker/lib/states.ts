/**
 * US states, DC and the inhabited territories by USPS code, their names, and each state's square
 * on the tile-grid map (one equal square per state and DC, row and column on an 8 × 11 grid; the
 * territories have no square and are listed beside the map). Pure: no I/O.
 */

type Place = { name: string; tile?: readonly [row: number, col: number] };

export const PLACES = {
  AK: { name: "Alaska", tile: [0, 0] },
  ME: { name: "Maine", tile: [0, 10] },
  VT: { name: "Vermont", tile: [1, 9] },
  NH: { name: "New Hampshire", tile: [1, 10] },
  WA: { name: "Washington", tile: [2, 0] },
  ID: { name: "Idaho", tile: [2, 1] },
  MT: { name: "Montana", tile: [2, 2] },
  ND: { name: "North Dakota", tile: [2, 3] },
  MN: { name: "Minnesota", tile: [2, 4] },
  IL: { name: "Illinois", tile: [2, 5] },
  WI: { name: "Wisconsin", tile: [2, 6] },
  MI: { name: "Michigan", tile: [2, 7] },
  NY: { name: "New York", tile: [2, 8] },
  RI: { name: "Rhode Island", tile: [2, 9] },
  MA: { name: "Massachusetts", tile: [2, 10] },
  OR: { name: "Oregon", tile: [3, 0] },
  NV: { name: "Nevada", tile: [3, 1] },
  WY: { name: "Wyoming", tile: [3, 2] },
  SD: { name: "South Dakota", tile: [3, 3] },
  IA: { name: "Iowa", tile: [3, 4] },
  IN: { name: "Indiana", tile: [3, 5] },
  OH: { name: "Ohio", tile: [3, 6] },
  PA: { name: "Pennsylvania", tile: [3, 7] },
  NJ: { name: "New Jersey", tile: [3, 8] },
  CT: { name: "Connecticut", tile: [3, 9] },
  CA: { name: "California", tile: [4, 0] },
  UT: { name: "Utah", tile: [4, 1] },
  CO: { name: "Colorado", tile: [4, 2] },
  NE: { name: "Nebraska", tile: [4, 3] },
  MO: { name: "Missouri", tile: [4, 4] },
  KY: { name: "Kentucky", tile: [4, 5] },
  WV: { name: "West Virginia", tile: [4, 6] },
  VA: { name: "Virginia", tile: [4, 7] },
  MD: { name: "Maryland", tile: [4, 8] },
  DE: { name: "Delaware", tile: [4, 9] },
  AZ: { name: "Arizona", tile: [5, 1] },
  NM: { name: "New Mexico", tile: [5, 2] },
  KS: { name: "Kansas", tile: [5, 3] },
  AR: { name: "Arkansas", tile: [5, 4] },
  TN: { name: "Tennessee", tile: [5, 5] },
  NC: { name: "North Carolina", tile: [5, 6] },
  SC: { name: "South Carolina", tile: [5, 7] },
  DC: { name: "District of Columbia", tile: [5, 8] },
  OK: { name: "Oklahoma", tile: [6, 3] },
  LA: { name: "Louisiana", tile: [6, 4] },
  MS: { name: "Mississippi", tile: [6, 5] },
  AL: { name: "Alabama", tile: [6, 6] },
  GA: { name: "Georgia", tile: [6, 7] },
  HI: { name: "Hawaii", tile: [7, 0] },
  TX: { name: "Texas", tile: [7, 3] },
  FL: { name: "Florida", tile: [7, 8] },
  PR: { name: "Puerto Rico" },
  GU: { name: "Guam" },
  VI: { name: "U.S. Virgin Islands" },
  AS: { name: "American Samoa" },
  MP: { name: "Northern Mariana Islands" },
} as const satisfies Record<string, Place>;

export type StateCode = keyof typeof PLACES;

/** Every code a claim's state may hold: the 50 states, DC and the territories. */
export const STATE_CODES = Object.keys(PLACES) as StateCode[];

/** The squares of the tile-grid map: the 50 states and DC. */
export const TILES = STATE_CODES.flatMap((code) => {
  const place: Place = PLACES[code];
  return place.tile ? [{ code, row: place.tile[0], col: place.tile[1] }] : [];
});
export const TILE_ROWS = 8;
export const TILE_COLS = 11;

export const isStateCode = (s: string): s is StateCode => Object.hasOwn(PLACES, s);

export const stateName = (code: string): string | null =>
  isStateCode(code) ? PLACES[code].name : null;

const BY_NAME = new Map(STATE_CODES.map((code) => [PLACES[code].name.toUpperCase(), code]));
BY_NAME.set("VIRGIN ISLANDS", "VI");
BY_NAME.set("US VIRGIN ISLANDS", "VI");

/** A USPS code or a state's name (any case) as its USPS code; null when it names none. */
export function stateCodeOf(s: string | null | undefined): StateCode | null {
  const t = (s ?? "").trim().toUpperCase();
  if (!t) return null;
  if (isStateCode(t)) return t;
  return BY_NAME.get(t) ?? null;
}

/**
 * A congressional district as `CA-12`: the state's code and the district's two digits (`00` at
 * large, `98` a delegate's seat, as USAspending codes them). From a state and a number ("12",
 * "8"), or FPDS's "VIRGINIA 08" (state name, then number). Null for anything else, and for the
 * placeholder codes records use where the district is unknown (e.g. "90").
 */
export function districtOf(state: string | null, code: string | null | undefined): string | null {
  const t = (code ?? "").trim().toUpperCase();
  if (!t) return null;
  const named = /^(.*?)[\s-]*(\d{1,2})$/.exec(t);
  if (!named) return null;
  const st = named[1] ? stateCodeOf(named[1]) : stateCodeOf(state);
  if (!st) return null;
  const n = Number(named[2]);
  if (!(n <= 53 || n === 98)) return null;
  return `${st}-${String(n).padStart(2, "0")}`;
}

/** A district parameter's form: `CA-12` (any case), or `CA-7`. */
export const DISTRICT_PATTERN = /^[A-Za-z]{2}-\d{1,2}$/;

/** The state an address ends with ("IDAHO FALLS, ID", "Dayton, Ohio"); null when none. */
export function stateOfAddress(address: string | null | undefined): StateCode | null {
  const last = (address ?? "").split(",").at(-1);
  return stateCodeOf(last?.replace(/\s+\d{5}(-\d{4})?\s*$/, ""));
}
