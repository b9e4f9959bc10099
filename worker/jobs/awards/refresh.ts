import type { Db } from "../../../db/client.ts";
import { isSearchKey } from "../../../db/queries/award-search.ts";
import {
  type AwardValues,
  archivedAward,
  noteLiveLookup,
  saveAward,
} from "../../../db/queries/awards.ts";
import type { FetchPolicy } from "../sources/http.ts";
import {
  type AwardTypeGroup,
  fetchAward,
  fetchTransactions,
  searchAwardsByPiid,
  type UsaspendingAward,
  type UsaspendingTransaction,
} from "../sources/usaspending.ts";
import { searchClaim } from "./search.ts";

/**
 * Fetch one award and its transactions and store them under `awardId`, the key the claims join
 * on. When USAspending has no award under that key and it is a contract key with the parent's
 * agency unknown (DOGE's links mostly leave it blank), the award is looked up by PIID: the one
 * result whose id agrees with every known part of the key is fetched and stored under ours, with
 * the id used in `raw.resolved_award_id`. An assistance key (`ASST_NON_<fain>_<agency>`) the
 * direct id misses is looked up by its FAIN among grants the same way. No such result, or
 * several, stores `not_found` with
 * what the search returned in `raw.award_search`. A claim that names no award at all is looked up
 * under its search key (db/queries/award-search.ts) by ./search.ts the same way. Everything is fetched before anything is
 * written, so a failed request (or a spent budget) leaves the award as it was.
 */
export async function refreshAward(
  db: Db,
  base: string,
  policy: FetchPolicy,
  awardId: string,
): Promise<{ inserted: boolean }> {
  // A claim naming no award is stored under its search's key: searched, never fetched directly.
  const direct = isSearchKey(awardId) ? null : await fetchAward(base, awardId, policy);
  if (direct) {
    const transactions = await fetchTransactions(base, awardId, policy);
    return saveAward(db, awardValues(awardId, direct), transactions.map(transactionValues));
  }
  const search = isSearchKey(awardId)
    ? await searchClaim(base, policy, awardId)
    : await searchFallback(base, policy, awardId);
  if (search?.outcome !== "resolved") {
    // An archived record stays: the award existed when it was archived, and a lookup that
    // finds nothing (a key USAspending spells otherwise, a source gone) is no evidence against it.
    if (await archivedAward(db, awardId)) {
      await noteLiveLookup(db, awardId, { outcome: search?.outcome ?? "not_found", search });
      return { inserted: false };
    }
    const raw = search ? { resolved_award_id: null, award_search: search } : null;
    return saveAward(db, { awardId, status: "not_found", raw }, []);
  }
  const resolved = search.matches[0] as string;
  // A search key's award is stored under the search's key; a claim then shows the found id.
  const award = await fetchAward(base, resolved, policy);
  if (!award) {
    // The search knows an award its own detail endpoint does not: stored as not found (and
    // asked again when stale) rather than failing every run on it.
    const missing = { ...search, outcome: "record_missing" as const };
    return saveAward(
      db,
      { awardId, status: "not_found", raw: { resolved_award_id: null, award_search: missing } },
      [],
    );
  }
  const transactions = await fetchTransactions(base, resolved, policy);
  const raw = { ...award, resolved_award_id: resolved, award_search: search };
  return saveAward(db, awardValues(awardId, award, raw), transactions.map(transactionValues));
}

/** A contract key's parts: `CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>`. */
type KeyParts = { piid: string; agency: string; parentPiid: string; parentAgency: string };

const NONE = "-NONE-";

function contractKeyParts(id: string): KeyParts | null {
  const m = /^CONT_AWD_([^_]+)_([^_]+)_([^_]+)_([^_]+)$/i.exec(id);
  if (!m) return null;
  const [, piid = "", agency = "", parentPiid = "", parentAgency = ""] = m;
  return { piid, agency, parentPiid, parentAgency };
}

/** A search result's id as key parts; a vehicle's (`CONT_IDV_<piid>_<agency>`) has no parent. */
function resultKeyParts(id: string): Partial<KeyParts> | null {
  const idv = /^CONT_IDV_([^_]+)_([^_]+)$/i.exec(id);
  if (idv) return { piid: idv[1], agency: idv[2] };
  return contractKeyParts(id);
}

/** Whether a result's id agrees with every part of our key that is known (`-NONE-` is not). */
function agrees(ours: KeyParts, theirs: Partial<KeyParts>): boolean {
  return (Object.keys(ours) as (keyof KeyParts)[]).every(
    (part) => ours[part] === NONE || ours[part].toUpperCase() === theirs[part]?.toUpperCase(),
  );
}

/** What the PIID search returned, kept in the award's `raw.award_search`. */
type AwardSearchRecord = {
  /** The PIID searched (contracts), or the FAIN (grants). */
  piid: string;
  /** Which award types were searched: orders and contracts, or vehicles. */
  group: AwardTypeGroup;
  /** Every id the search returned, and those that agree with the key. */
  results: string[];
  matches: string[];
  /**
   * `resolved`: exactly one match, the award stored; `no_match`; `ambiguous`: several matches
   * (or more results than one page), which the claim's identifiers cannot tell apart;
   * `record_missing`: one match, but USAspending's award endpoint has no record under its id.
   */
  outcome: "resolved" | "no_match" | "ambiguous" | "record_missing";
};

/**
 * The PIID search behind a contract key USAspending does not know, or null when the key is not
 * one the search can complete: only the parent's agency can be missing from a key built from an
 * FPDS link, so a key that names it is searched no further. With the parent PIID known the
 * award is an order under a vehicle (contract types); without it, the claim may name a vehicle,
 * which USAspending keys `CONT_IDV_…`, never `CONT_AWD_…` (vehicle types).
 */
async function searchFallback(
  base: string,
  policy: FetchPolicy,
  awardId: string,
): Promise<AwardSearchRecord | null> {
  const grant = /^ASST_(?:NON|AGG)_(.+)_([^_]+)$/i.exec(awardId);
  if (grant?.[1]) return searchByFain(base, policy, grant[1]);
  const key = contractKeyParts(awardId);
  if (!key || key.parentAgency !== NONE) return null;
  const group: AwardTypeGroup = key.parentPiid === NONE ? "idvs" : "contracts";
  const { results, complete } = await searchAwardsByPiid(base, key.piid, group, policy);
  const ids = [...new Set(results.map((r) => r.generated_internal_id))];
  const matches = ids.filter((id) => {
    const parts = resultKeyParts(id);
    return parts !== null && agrees(key, parts);
  });
  const outcome =
    matches.length > 1 || !complete ? "ambiguous" : matches.length === 1 ? "resolved" : "no_match";
  return { piid: key.piid, group, results: ids, matches, outcome };
}

/**
 * The FAIN search behind an assistance key USAspending does not know (a link naming another
 * sub-agency than USAspending's key does): the grants whose FAIN is ours, whatever their agency
 * part; exactly one is the award.
 */
async function searchByFain(
  base: string,
  policy: FetchPolicy,
  fain: string,
): Promise<AwardSearchRecord> {
  const { results, complete } = await searchAwardsByPiid(base, fain, "grants", policy);
  const ids = [...new Set(results.map((r) => r.generated_internal_id))];
  const matches = ids.filter(
    (id) => /^ASST_(?:NON|AGG)_(.+)_[^_]+$/i.exec(id)?.[1]?.toUpperCase() === fain.toUpperCase(),
  );
  const outcome =
    matches.length > 1 || !complete ? "ambiguous" : matches.length === 1 ? "resolved" : "no_match";
  return { piid: fain, group: "grants", results: ids, matches, outcome };
}

function awardValues(awardId: string, a: UsaspendingAward, raw: unknown = a): AwardValues {
  return {
    awardId,
    status: "found",
    category: a.category,
    piid: a.piid,
    fain: a.fain,
    parentPiid: a.parent_award?.piid ?? null,
    awardingAgencyCode: a.awarding_agency?.toptier_agency?.code ?? null,
    recipient: a.recipient?.recipient_name ?? null,
    totalObligation: a.total_obligation,
    baseExercisedOptions: a.base_exercised_options,
    baseAndAllOptions: a.base_and_all_options,
    totalOutlay: a.total_outlay,
    periodStart: a.period_of_performance?.start_date?.slice(0, 10) ?? null,
    periodEnd: a.period_of_performance?.end_date?.slice(0, 10) ?? null,
    raw,
  };
}

function transactionValues(t: UsaspendingTransaction) {
  return {
    transactionKey: String(t.id),
    modificationNumber: t.modification_number,
    actionDate: t.action_date?.slice(0, 10) ?? null,
    actionType: t.action_type,
    actionTypeDescription: t.action_type_description,
    federalActionObligation: t.federal_action_obligation,
    description: t.description,
    raw: t,
  };
}
