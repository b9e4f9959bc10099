import * as v from "valibot";
import { type FetchPolicy, fetchWithPolicy, parseUpstream } from "./http.ts";

// Amounts arrive as JSON numbers; parseJsonKeepingNumbers hands them over as their source text.
const Amount = v.nullable(v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/)));
const DateText = v.nullable(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}/)));
const Text = v.nullish(v.string(), null);

/** Where an award is performed or its recipient is (kept in the award's raw record: a claim's place). */
const Location = v.nullish(v.object({ state_code: Text, congressional_code: Text }), null);

const AwardSchema = v.object({
  generated_unique_award_id: v.string(),
  category: Text,
  piid: Text,
  fain: Text,
  total_obligation: v.nullish(Amount, null),
  base_exercised_options: v.nullish(Amount, null),
  base_and_all_options: v.nullish(Amount, null),
  total_outlay: v.nullish(Amount, null),
  parent_award: v.nullish(v.object({ piid: Text }), null),
  awarding_agency: v.nullish(
    v.object({ toptier_agency: v.nullish(v.object({ code: Text }), null) }),
    null,
  ),
  recipient: v.nullish(v.object({ recipient_name: Text, location: Location }), null),
  place_of_performance: Location,
  period_of_performance: v.nullish(
    v.object({ start_date: DateText, end_date: v.nullish(DateText, null) }),
    null,
  ),
});
export type UsaspendingAward = v.InferOutput<typeof AwardSchema>;

const TransactionSchema = v.object({
  id: v.union([v.string(), v.pipe(v.string(), v.regex(/^\d+$/))]),
  action_date: DateText,
  action_type: Text,
  action_type_description: Text,
  modification_number: Text,
  description: Text,
  federal_action_obligation: v.nullish(Amount, null),
});
export type UsaspendingTransaction = v.InferOutput<typeof TransactionSchema>;

const TransactionsPage = v.object({
  results: v.array(TransactionSchema),
  page_metadata: v.object({ hasNext: v.boolean() }),
});

const PAGE_SIZE = 5000;

/**
 * USAspending's award type groups for contract records, and the grants group. One search may name types of one group
 * only (the API answers 422 otherwise): a contract or order is in one, a vehicle (IDV) in the other.
 */
const AWARD_TYPE_GROUPS = {
  contracts: ["A", "B", "C", "D"],
  idvs: ["IDV_A", "IDV_B", "IDV_B_A", "IDV_B_B", "IDV_B_C", "IDV_C", "IDV_D", "IDV_E"],
  // Assistance: grants and cooperative agreements, searched by FAIN.
  grants: ["02", "03", "04", "05"],
} as const;
export type AwardTypeGroup = keyof typeof AWARD_TYPE_GROUPS;

const SearchResultSchema = v.object({
  internal_id: v.union([v.string(), v.number()]),
  generated_internal_id: v.string(),
  "Award ID": Text,
  "Awarding Agency": Text,
  "Awarding Sub Agency": Text,
  "Recipient Name": Text,
});
type AwardSearchResult = v.InferOutput<typeof SearchResultSchema>;

const SearchPage = v.object({
  results: v.array(SearchResultSchema),
  page_metadata: v.object({ hasNext: v.boolean() }),
});

/** More awards than this under one PIID is not an answer the job can use. */
const SEARCH_LIMIT = 100;

function endpoint(base: string, path: string): URL {
  return new URL(path, base.endsWith("/") ? base : `${base}/`);
}

/** One award by its generated id, or null when USAspending has none (404). */
export async function fetchAward(
  base: string,
  awardId: string,
  policy: FetchPolicy,
): Promise<UsaspendingAward | null> {
  const url = endpoint(base, `api/v2/awards/${encodeURIComponent(awardId)}/`);
  const res = await fetchWithPolicy(url, policy, { accept: [404] });
  if (res.status === 404) return null;
  return parseUpstream(AwardSchema, res.text, `GET ${url}`);
}

/** Every transaction of an award, all pages, oldest first. */
export async function fetchTransactions(
  base: string,
  awardId: string,
  policy: FetchPolicy,
): Promise<UsaspendingTransaction[]> {
  const url = endpoint(base, "api/v2/transactions/");
  const all: UsaspendingTransaction[] = [];
  for (let page = 1; ; page++) {
    const json = { award_id: awardId, page, limit: PAGE_SIZE, sort: "action_date", order: "asc" };
    const res = await fetchWithPolicy(url, policy, { method: "POST", json });
    const body = parseUpstream(
      TransactionsPage,
      res.text,
      `POST ${url} (${awardId}, page ${page})`,
    );
    all.push(...body.results);
    if (!body.page_metadata.hasNext) return all;
  }
}

/**
 * The awards of one type group whose PIID is exactly `piid` (one request, the first
 * `SEARCH_LIMIT` results): `POST /api/v2/search/spending_by_award/`. `complete` is false when
 * USAspending has more than that page.
 */
export async function searchAwardsByPiid(
  base: string,
  piid: string,
  group: AwardTypeGroup,
  policy: FetchPolicy,
): Promise<{ results: AwardSearchResult[]; complete: boolean }> {
  const url = endpoint(base, "api/v2/search/spending_by_award/");
  const json = {
    subawards: false,
    // In double quotes the id is matched exactly, not by USAspending's fuzzier full-text match.
    filters: { award_ids: [`"${piid}"`], award_type_codes: AWARD_TYPE_GROUPS[group] },
    fields: [
      "Award ID",
      "generated_internal_id",
      "Awarding Agency",
      "Awarding Sub Agency",
      "Recipient Name",
    ],
    sort: "Award ID",
    order: "asc",
    limit: SEARCH_LIMIT,
    page: 1,
  };
  const res = await fetchWithPolicy(url, policy, { method: "POST", json });
  const body = parseUpstream(SearchPage, res.text, `POST ${url} (${piid}, ${group})`);
  return { results: body.results, complete: !body.page_metadata.hasNext };
}

// --- awards by recipient ------------------------------------------------------------------

const RecipientResultSchema = v.object({
  internal_id: v.union([v.string(), v.number()]),
  generated_internal_id: v.string(),
  "Award ID": Text,
  "Recipient Name": Text,
  "Recipient UEI": Text,
  "Awarding Agency": Text,
  "Award Amount": v.nullish(Amount, null),
  "Start Date": v.nullish(DateText, null),
  "End Date": v.nullish(DateText, null),
});
export type RecipientAwardResult = v.InferOutput<typeof RecipientResultSchema>;

const RecipientSearchPage = v.object({
  results: v.array(RecipientResultSchema),
  page_metadata: v.object({ hasNext: v.boolean() }),
  // USAspending sends neither: a local stand-in (dev/upstreams/) marks its answers with them,
  // so records it serves are never shown as USAspending's.
  source: v.optional(v.string()),
  source_note: v.optional(v.string()),
});

/**
 * The awards of one type group whose recipient matches `text` (`filters.recipient_search_text`,
 * which USAspending matches against recipients' names, UEIs and DUNS), the largest first, one
 * request of `SEARCH_LIMIT`: `complete` is false when there are more. `standIn` is the upstream's
 * own note when it says it is a stand-in, else null.
 */
export async function searchAwardsByRecipient(
  base: string,
  text: string,
  group: AwardTypeGroup,
  policy: FetchPolicy,
): Promise<{
  url: string;
  results: RecipientAwardResult[];
  complete: boolean;
  standIn: string | null;
}> {
  const url = endpoint(base, "api/v2/search/spending_by_award/");
  const json = {
    subawards: false,
    filters: { recipient_search_text: [text], award_type_codes: AWARD_TYPE_GROUPS[group] },
    fields: [
      "Award ID",
      "generated_internal_id",
      "Recipient Name",
      "Recipient UEI",
      "Awarding Agency",
      "Award Amount",
      "Start Date",
      "End Date",
    ],
    sort: "Award Amount",
    order: "desc",
    limit: SEARCH_LIMIT,
    page: 1,
  };
  const res = await fetchWithPolicy(url, policy, { method: "POST", json });
  const body = parseUpstream(RecipientSearchPage, res.text, `POST ${url} (${text}, ${group})`);
  const standIn = body.source === "stand-in" ? (body.source_note ?? "a local stand-in") : null;
  return { url: url.href, results: body.results, complete: !body.page_metadata.hasNext, standIn };
}
