import Big from "big.js";
import { departmentOfAgencyId } from "../../lib/agency-ids.ts";
import type { FetchPolicy } from "../sources/http.ts";
import {
  type AwardTypeGroup,
  searchAwardsByPiid,
  searchAwardsByRecipient,
} from "../sources/usaspending.ts";

/**
 * The award search of a claim that names no award (issue 24, "unchecked is searched"): a
 * contract by its PIID, a grant by its FAIN, else by its recipient, agency, amount and date,
 * through USAspending's award search (`POST /api/v2/search/spending_by_award/`). Exactly one
 * award agreeing with everything the claim names is its award; none, or several, is the
 * claim's `not_found`, with this record of the search shown as its evidence.
 */
export type ClaimSearch = {
  /** What was searched by, and with what (the claim's own identifiers, as its key names them). */
  searched_by: "piid" | "fain" | "recipient";
  query: Record<string, string | null>;
  /** The award type groups searched. */
  groups: AwardTypeGroup[];
  /** Every award id the search returned, and those that agree with the claim. */
  results: string[];
  matches: string[];
  /** `ambiguous` too when the search had more results than one page. */
  outcome: "resolved" | "no_match" | "ambiguous";
  /** The upstream's note when it says it is a local stand-in, not USAspending. */
  stand_in: string | null;
};

const part = (s: string | undefined) => (s === undefined || s === "-" ? null : s);

/** A search key's parts (db/queries/award-search.ts); null when it is not one. */
export function searchKeyParts(key: string): ClaimSearch["query"] & { by: string } {
  const [, by = "", ...rest] = key.split("|");
  if (by === "piid" || by === "fain") {
    return { by, [by]: part(rest[0]), agency: part(rest[1]) };
  }
  // The recipient comes last: a name may itself contain the separator.
  const [agency, value, date, ...name] = rest;
  return {
    by,
    agency: part(agency),
    value: part(value),
    date: part(date),
    recipient: name.join("|") || null,
  };
}

/** The department an award id's agency part names (contracts' agency id, grants' subtier). */
function departmentOfAwardId(id: string): string | null {
  const contract = /^CONT_(?:AWD|IDV)_[^_]+_([^_]+)/i.exec(id);
  const grant = /^ASST_(?:NON|AGG)_.+_([^_]+)$/i.exec(id);
  return departmentOfAgencyId(contract?.[1] ?? grant?.[1] ?? null);
}

/** The identifier an award id names first: a contract's PIID, a grant's FAIN. */
function identifierOfAwardId(id: string): string | null {
  const contract = /^CONT_(?:AWD|IDV)_([^_]+)_/i.exec(id);
  const grant = /^ASST_(?:NON|AGG)_(.+)_[^_]+$/i.exec(id);
  return (contract?.[1] ?? grant?.[1] ?? null)?.toUpperCase() ?? null;
}

const sameAgency = (agency: string | null, id: string) =>
  agency === null || departmentOfAwardId(id) === agency;

const normalName = (s: string | null | undefined) =>
  (s ?? "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();

function outcomeOf(matches: string[], complete: boolean): ClaimSearch["outcome"] {
  if (matches.length > 1 || !complete) return "ambiguous";
  return matches.length === 1 ? "resolved" : "no_match";
}

/** Run the search a key names. */
export async function searchClaim(
  base: string,
  policy: FetchPolicy,
  key: string,
): Promise<ClaimSearch> {
  const q = searchKeyParts(key);
  const { by, ...query } = q;
  if (by === "piid" || by === "fain") {
    const id = (by === "piid" ? q.piid : q.fain) ?? "";
    // A PIID may name an order or contract, or a vehicle: one search per type group.
    const groups: AwardTypeGroup[] = by === "piid" ? ["contracts", "idvs"] : ["grants"];
    const ids = new Set<string>();
    let complete = true;
    for (const group of groups) {
      const answer = await searchAwardsByPiid(base, id, group, policy);
      complete &&= answer.complete;
      for (const r of answer.results) ids.add(r.generated_internal_id);
    }
    const results = [...ids];
    const matches = results.filter(
      (r) => identifierOfAwardId(r) === id.toUpperCase() && sameAgency(q.agency ?? null, r),
    );
    return {
      searched_by: by,
      query,
      groups,
      results,
      matches,
      outcome: outcomeOf(matches, complete),
      stand_in: null,
    };
  }
  const answer = await searchAwardsByRecipient(base, q.recipient ?? "", "grants", policy);
  const name = normalName(q.recipient);
  const results = [...new Set(answer.results.map((r) => r.generated_internal_id))];
  // The recipient by name, the agency by the award id's subtier, the amount to the dollar, and
  // an award that had started by the claim's date.
  const agreeing = answer.results.filter(
    (r) =>
      normalName(r["Recipient Name"]) === name &&
      sameAgency(q.agency ?? null, r.generated_internal_id) &&
      (q.value === null ||
        q.value === undefined ||
        (r["Award Amount"] !== null && new Big(r["Award Amount"]).minus(q.value).abs().lt(1))) &&
      (q.date === null ||
        q.date === undefined ||
        (r["Start Date"] !== null && r["Start Date"].slice(0, 10) <= q.date)),
  );
  const matches = [...new Set(agreeing.map((r) => r.generated_internal_id))];
  return {
    searched_by: "recipient",
    query,
    groups: ["grants"],
    results,
    matches,
    outcome: outcomeOf(matches, answer.complete),
    stand_in: answer.standIn,
  };
}
