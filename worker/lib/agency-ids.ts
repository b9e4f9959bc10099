/**
 * Which department a sub-agency belongs to, from what the records carry. Pure data and rules:
 * db/queries/agencies.ts applies them in SQL, the seed to the FPDS records' office names.
 *
 * Agency ids. FPDS's 4-character agency ids (a contract's `agencyID`, e.g. 1434 U.S. Geological
 * Survey) and USAspending's subtier codes (the last part of an assistance award's id,
 * `ASST_NON_<FAIN>_7200`) begin with the 2-digit code of their department, which is the
 * department's CGAC code as cutwatch's agencies use it (14 → 014 Interior), except where the
 * reference data codes a department otherwise (16 → 1601 Labor, 11 → 1100 Executive Office of
 * the President) and for the military departments, which count under Defense (17 Navy, 21 Army,
 * 57 Air Force → 097). 95 is "independent agencies", many unrelated ones: no department.
 */
export const DEPARTMENT_OF_ID_PREFIX: Readonly<Record<string, string>> = {
  "11": "1100",
  "12": "012",
  "13": "013",
  "14": "014",
  "15": "015",
  "16": "1601",
  "17": "097",
  "19": "019",
  "20": "020",
  "21": "097",
  "24": "024",
  "27": "027",
  "28": "028",
  "29": "029",
  "31": "031",
  "34": "034",
  "36": "036",
  "47": "047",
  "49": "049",
  "50": "050",
  "57": "097",
  "60": "060",
  "61": "061",
  "68": "068",
  "69": "069",
  "70": "070",
  "72": "072",
  "73": "073",
  "75": "075",
  "80": "080",
  "83": "083",
  "86": "086",
  "88": "088",
  "89": "089",
  "91": "091",
  "93": "093",
  "96": "096",
  "97": "097",
};

/** The department of an FPDS agency id or USAspending subtier code; null when not known. */
export function departmentOfAgencyId(id: string | null | undefined): string | null {
  const t = (id ?? "").trim().toUpperCase();
  if (!/^[0-9]{2}[0-9A-Z]{2}$/.test(t)) return null;
  return DEPARTMENT_OF_ID_PREFIX[t.slice(0, 2)] ?? null;
}

/**
 * Department prefixes of the lease lists' agency names: GSA's lease inventory writes a bureau as
 * its department's abbreviation and the bureau's ("ID GEOLOGICAL SURVEY" Interior, "CD NOAA" Commerce, "LD WHD"
 * Labor, "JD US MARSHALS SRV" Justice, "DHS USSS", "USDA APHIS", "DOD DCAA", "DOE FERC").
 */
export const DEPARTMENT_OF_NAME_PREFIX: Readonly<Record<string, string>> = {
  USDA: "012",
  DOC: "013",
  CD: "013",
  DOD: "097",
  ED: "091",
  DOE: "089",
  HHS: "075",
  DHS: "070",
  HUD: "086",
  ID: "014",
  JD: "015",
  LD: "1601",
  DOS: "019",
  DOT: "069",
  TREAS: "020",
  VA: "036",
};

/**
 * The forms a bureau's name takes across the lists, for aliases: as written, and with or without
 * a leading "U.S." / "US" / "UNITED STATES" ("U.S. FISH AND WILDLIFE SERVICE", "UNITED STATES
 * FISH AND WILDLIFE SERVICE"; "US GEOLOGICAL SURVEY", "GEOLOGICAL SURVEY").
 */
export function nameForms(name: string): string[] {
  const base = name.trim().replace(/^(U\.\s?S\.|US|UNITED STATES)\s+/i, "");
  return [...new Set([name.trim(), base, `U.S. ${base}`, `US ${base}`, `UNITED STATES ${base}`])];
}
