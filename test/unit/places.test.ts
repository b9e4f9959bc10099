import { describe, expect, it } from "vitest";
import { placeOf } from "../../worker/lib/places.ts";
import {
  districtOf,
  STATE_CODES,
  stateCodeOf,
  stateOfAddress,
  TILE_COLS,
  TILE_ROWS,
  TILES,
} from "../../worker/lib/states.ts";

describe("stateCodeOf and districtOf", () => {
  it("reads USPS codes and names, and refuses anything else", () => {
    expect(stateCodeOf("va")).toBe("VA");
    expect(stateCodeOf(" District of Columbia ")).toBe("DC");
    expect(stateCodeOf("PR")).toBe("PR");
    expect(stateCodeOf("XX")).toBeNull();
    expect(stateCodeOf("")).toBeNull();
    expect(stateCodeOf(null)).toBeNull();
  });

  it("writes districts as ST-NN from FPDS names, bare numbers and codes", () => {
    expect(districtOf(null, "VIRGINIA 08")).toBe("VA-08");
    expect(districtOf(null, "DISTRICT OF COLUMBIA 98")).toBe("DC-98");
    expect(districtOf(null, "ALASKA 00")).toBe("AK-00");
    expect(districtOf("CA", "12")).toBe("CA-12");
    expect(districtOf("MA", "7")).toBe("MA-07");
    expect(districtOf(null, "ca-12")).toBe("CA-12");
    // No state to put a bare number in, a placeholder code, a foreign name: no district.
    expect(districtOf(null, "12")).toBeNull();
    expect(districtOf("MA", "90")).toBeNull();
    expect(districtOf(null, "ONTARIO 01")).toBeNull();
    expect(districtOf("VA", "")).toBeNull();
  });

  it("reads the state an address ends with", () => {
    expect(stateOfAddress("IDAHO FALLS, ID")).toBe("ID");
    expect(stateOfAddress("Dayton, Ohio 45402")).toBe("OH");
    expect(stateOfAddress("SAN JUAN, PR")).toBe("PR");
    expect(stateOfAddress("LONDON")).toBeNull();
    expect(stateOfAddress("GENEVA, XX")).toBeNull();
    expect(stateOfAddress(null)).toBeNull();
  });

  it("has one square per state and DC, none shared, all on the grid", () => {
    expect(TILES).toHaveLength(51);
    expect(new Set(TILES.map((t) => `${t.row},${t.col}`)).size).toBe(51);
    for (const t of TILES) {
      expect(t.row).toBeLessThan(TILE_ROWS);
      expect(t.col).toBeLessThan(TILE_COLS);
    }
    expect(STATE_CODES).toContain("PR");
    expect(TILES.map((t) => t.code)).not.toContain("PR");
  });
});

describe("placeOf: which record gives a claim's place", () => {
  it("takes the place of performance first, the award's before the list's", () => {
    expect(
      placeOf({
        awardPerformance: { state: "MD", district: "04" },
        archivePerformance: { state: "VA" },
        archiveRecipient: { state: "VA", district: "VIRGINIA 08" },
      }),
    ).toEqual({
      state: "MD",
      district: "MD-04",
      placeSource: "place_of_performance",
      districtSource: "place_of_performance",
    });
    expect(
      placeOf({ archivePerformance: { state: "DC" }, awardRecipient: { state: "VA" } }),
    ).toMatchObject({ state: "DC", placeSource: "place_of_performance" });
  });

  it("takes a district only in the claim's own state", () => {
    // Work done in DC by a vendor in Virginia: the vendor's district says nothing of DC.
    expect(
      placeOf({
        archivePerformance: { state: "DC" },
        archiveRecipient: { state: "VA", district: "VIRGINIA 08" },
      }),
    ).toEqual({
      state: "DC",
      district: null,
      placeSource: "place_of_performance",
      districtSource: null,
    });
    // Same state: the vendor's district stands, and says where it comes from.
    expect(
      placeOf({
        archivePerformance: { state: "VA" },
        archiveRecipient: { state: "VA", district: "VIRGINIA 11" },
      }),
    ).toEqual({
      state: "VA",
      district: "VA-11",
      placeSource: "place_of_performance",
      districtSource: "recipient_location",
    });
  });

  it("places a lease at its address, before any recipient", () => {
    expect(placeOf({ leaseAddress: { state: "oh" }, awardRecipient: { state: "CA" } })).toEqual({
      state: "OH",
      district: null,
      placeSource: "lease_address",
      districtSource: null,
    });
  });

  it("falls back to the recipient's location, and a district alone names its state", () => {
    expect(placeOf({ archiveRecipient: { district: "NEW YORK 12" } })).toEqual({
      state: "NY",
      district: "NY-12",
      placeSource: "recipient_location",
      districtSource: "recipient_location",
    });
  });

  it("is unknown when no record names a US state", () => {
    expect(placeOf({})).toBeNull();
    expect(
      placeOf({
        awardPerformance: { state: null, district: null },
        archivePerformance: { state: "  " },
        leaseAddress: { state: "ZZ" },
        archiveRecipient: { district: "90" },
      }),
    ).toBeNull();
  });
});
