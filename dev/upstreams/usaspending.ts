import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { districtOf } from "../../worker/lib/states.ts";
import { contractAwardId, type FpdsLink, fpdsDate, fpdsLink, fpdsMoney } from "../fpds.ts";
import { type FaultMode, faultOf, misbehave } from "./faults.ts";
import { closeServer, listen } from "./server.ts";
import { assistanceAwards } from "./usaspending-grants.ts";

/**
 * A local stand-in for api.usaspending.gov built from the FPDS records in data/fpds/ (and the
 * assistance award records archived in data/archive/grants-2025-03-30.csv.gz): each
 * contract becomes an award in the documented `GET /api/v2/awards/<id>/` shape, each FPDS
 * record one of its transactions in `POST /api/v2/transactions/`, and
 * `POST /api/v2/search/spending_by_award/` finds them by PIID (`filters.award_ids`, exact) or by
 * recipient (`filters.recipient_search_text`: a term found in the recipient's name, or equal to
 * its UEI, from the FPDS record's LEGAL_BUSINESS_NAME and UNIQUE_ENTITY_ID) within one award type
 * group, as the API contract describes. Every search answer says it comes from this stand-in
 * (`source: "stand-in"` and `source_note`, fields USAspending does not send), so the job never
 * presents these records as USAspending's. Values are FPDS's, unchanged; blank FPDS
 * amounts stay null.
 *
 * Keys: USAspending keys an order by its parent's agency too, which DOGE's links (and so these
 * records' LINK column) leave blank. Where the parent vehicle's own record is in the file, its
 * agency completes the key, and the award is served only under the full key, as USAspending
 * would: the job's PIID search has real cases to find. Vehicles stay under `CONT_AWD_…` keys
 * (USAspending's are `CONT_IDV_…`), as the job's tests expect.
 *
 * Under `/fault/<mode>/` (./faults.ts) an award's record comes back fine and the request for its
 * transactions, or the search, fails, so the fault strikes in the middle of an award. Tests may
 * add awards of their own (e.g. one PIID under two parents) with `POST /__scenarios`
 * (`{awards: [{award, transactions?}]}`, award bodies in the award endpoint's shape, `type` a
 * USAspending award type code); they are served, beside the FPDS ones, under the returned
 * `prefix` (`/scenario/<id>`, before any fault prefix) until `DELETE /__scenarios/<id>`. A
 * scenario award may carry a `fault` (a FaultMode): every request for its record misbehaves so,
 * while the other awards answer well (a poisoned award).
 */
export type UsaspendingFixture = {
  url: string;
  awardIds: string[];
  /** Orders whose key was completed with their parent vehicle's agency from its own record. */
  completedParents: number;
  close: () => Promise<void>;
};

type FpdsRow = Record<string, string>;
type Award = {
  award: Record<string, unknown>;
  transactions: Record<string, unknown>[];
  fault?: FaultMode | undefined;
};

/** USAspending's award type codes by group: one search may name types of one group only. */
const TYPE_GROUPS: Record<string, string[]> = {
  contracts: ["A", "B", "C", "D"],
  idvs: ["IDV_A", "IDV_B", "IDV_B_A", "IDV_B_B", "IDV_B_C", "IDV_C", "IDV_D", "IDV_E"],
  grants: ["02", "03", "04", "05"],
  direct_payments: ["06", "10"],
  loans: ["07", "08"],
  other_financial_assistance: ["09", "11", "-1"],
};

/** FPDS award types as USAspending codes them. */
const TYPE_CODES: Record<string, string> = {
  "BPA Call": "A",
  "Purchase Order": "B",
  "Delivery/Task Order": "C",
  "Definitive Contract": "D",
  GWAC: "IDV_A",
  "Other IDC": "IDV_B",
  FSS: "IDV_C",
  BOA: "IDV_D",
  BPA: "IDV_E",
};

/** The assistance awards served beside the contracts (./usaspending-grants.ts). */
const GRANTS = fileURLToPath(
  new URL("../../data/archive/grants-2025-03-30.csv.gz", import.meta.url),
);

export async function startUsaspendingFixture(
  csvFile: string,
  grantsFile = GRANTS,
): Promise<UsaspendingFixture> {
  const rows = parse(await readFile(csvFile, "utf8"), { columns: true, bom: true }) as FpdsRow[];
  const { awards, completedParents } = buildAwards(rows);
  // Grants: the USAspending records archived beside DOGE's grant list; their transactions are
  // not archived, so none are listed (data/README.md).
  for (const [id, award] of await assistanceAwards(grantsFile)) {
    awards.set(id, { award, transactions: [] });
  }
  const scenarios = new Map<string, Map<string, Award>>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method === "POST" && url.pathname === "/__scenarios") {
      void readJson(req).then((body) => {
        const extra = new Map<string, Award>();
        for (const a of (body as { awards?: Award[] } | null)?.awards ?? []) {
          extra.set(String(a.award.generated_unique_award_id), {
            award: a.award,
            transactions: a.transactions ?? [],
            fault: a.fault,
          });
        }
        const id = crypto.randomUUID();
        scenarios.set(id, extra);
        send(201, { prefix: `/scenario/${id}` });
      });
      return;
    }
    const dropped = /^\/__scenarios\/([^/]+)$/.exec(url.pathname);
    if (req.method === "DELETE" && dropped) {
      scenarios.delete(dropped[1] ?? "");
      return send(204);
    }
    const scenarioMatch = /^\/scenario\/([^/]+)(\/.*)$/.exec(url.pathname);
    const extra = scenarioMatch ? scenarios.get(scenarioMatch[1] ?? "") : undefined;
    if (scenarioMatch && !extra) return send(404, { detail: "no such scenario" });
    const find = (id: string) => extra?.get(id) ?? awards.get(id);
    const { fault, path } = faultOf(scenarioMatch?.[2] ?? url.pathname);
    const awardMatch = /^\/api\/v2\/awards\/([^/]+)\/$/.exec(path);
    if (req.method === "GET" && awardMatch) {
      const found = find(decodeURIComponent(awardMatch[1] ?? ""));
      if (found?.fault) return misbehave(found.fault, res, JSON.stringify(found.award));
      return found ? send(200, found.award) : send(404, { detail: "No award found with this id" });
    }
    if (req.method === "POST" && path === "/api/v2/transactions/") {
      void readJson(req).then((json) => {
        const body = (json ?? {}) as { award_id?: string; page?: number; limit?: number };
        const all = find(body.award_id ?? "")?.transactions ?? [];
        const limit = Math.min(5000, Math.max(1, body.limit ?? 10));
        const page = Math.max(1, body.page ?? 1);
        const hasNext = page * limit < all.length;
        const answer = {
          page_metadata: {
            page,
            next: hasNext ? page + 1 : null,
            previous: page > 1 ? page - 1 : null,
            hasNext,
            hasPrevious: page > 1,
          },
          results: all.slice((page - 1) * limit, page * limit),
        };
        if (fault) misbehave(fault, res, JSON.stringify(answer));
        else send(200, answer);
      });
      return;
    }
    if (req.method === "POST" && path === "/api/v2/search/spending_by_award/") {
      void readJson(req).then((json) => {
        const all = extra ? [...extra.values(), ...awards.values()] : [...awards.values()];
        const answer = searchAwards(all, json);
        if (answer.status !== 200) return send(answer.status, answer.body);
        if (fault) misbehave(fault, res, JSON.stringify(answer.body));
        else send(200, answer.body);
      });
      return;
    }
    send(404, { detail: "not found" });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    awardIds: [...awards.keys()],
    completedParents,
    close: () => closeServer(server),
  };
}

/** A request's JSON body; null when it is empty or not JSON. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch {
        resolve(null);
      }
    });
  });
}

type SearchRequest = {
  filters?: { award_ids?: unknown; award_type_codes?: unknown; recipient_search_text?: unknown };
  fields?: unknown;
  limit?: unknown;
  page?: unknown;
  sort?: unknown;
  order?: unknown;
  subawards?: unknown;
};

/**
 * `POST /api/v2/search/spending_by_award/` over `all`: the request checked as USAspending checks
 * it (fields and award types required, types of one group, limit 1–100, sort among the fields),
 * the awards whose PIID (FAIN for assistance) is one of `award_ids` (quotes, the API's exact-match form, stripped),
 * each result with `internal_id`, `generated_internal_id` and the requested fields.
 */
function searchAwards(all: Award[], json: unknown): { status: number; body: unknown } {
  const fail = (detail: string) => ({ status: 422, body: { detail } });
  if (!json || typeof json !== "object") return { status: 400, body: { detail: "Malformed JSON" } };
  const req = json as SearchRequest;
  const fields = req.fields;
  if (
    !Array.isArray(fields) ||
    fields.length === 0 ||
    !fields.every((f) => typeof f === "string")
  ) {
    return fail("Missing value: 'fields' is a required field");
  }
  const types = req.filters?.award_type_codes;
  if (!Array.isArray(types) || types.length === 0) {
    return fail("Missing value: 'filters|award_type_codes' is a required field");
  }
  if (!Object.values(TYPE_GROUPS).some((group) => types.every((t) => group.includes(t)))) {
    return {
      status: 422,
      body: {
        message: "'award_type_codes' must only contain types from one group.",
        award_type_groups: TYPE_GROUPS,
      },
    };
  }
  if (req.subawards === true) return fail("The stand-in serves prime awards only");
  const limit = req.limit ?? 10;
  const page = req.page ?? 1;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100) {
    return fail("Field 'limit' value must be between 1 and 100");
  }
  if (!Number.isInteger(page) || (page as number) < 1) return fail("Field 'page' must be ≥ 1");
  const sort = req.sort ?? fields[0];
  if (typeof sort !== "string" || !fields.includes(sort)) {
    return fail("Sort value not found in fields");
  }
  const order = req.order ?? "desc";
  if (order !== "asc" && order !== "desc") return fail("Field 'order' must be asc or desc");

  const ids = Array.isArray(req.filters?.award_ids)
    ? new Set(
        (req.filters.award_ids as unknown[]).map((id) =>
          String(id)
            .replace(/^"(.*)"$/, "$1")
            .toUpperCase(),
        ),
      )
    : null;
  const terms = Array.isArray(req.filters?.recipient_search_text)
    ? (req.filters.recipient_search_text as unknown[]).map((t) => String(t).trim().toUpperCase())
    : null;
  const rows = all
    .map((a) => a.award)
    .filter((a) => types.includes(a.type))
    .filter((a) => !ids || ids.has(String(a.piid ?? a.fain ?? "").toUpperCase()))
    .filter((a) => !terms || terms.some((t) => recipientMatches(a, t)))
    .map((a) => resultOf(a, fields as string[]));
  const value = (r: Record<string, unknown>) => (r[sort] ?? "") as string | number;
  rows.sort((x, y) => {
    const a = value(x);
    const b = value(y);
    const by = a < b ? -1 : a > b ? 1 : (x.internal_id as number) - (y.internal_id as number);
    return order === "asc" ? by : -by;
  });
  const at = ((page as number) - 1) * (limit as number);
  const results = rows.slice(at, at + (limit as number));
  const hasNext = rows.length > at + (limit as number);
  const last = results.at(-1);
  return {
    status: 200,
    body: {
      limit,
      results,
      page_metadata: {
        page,
        hasNext,
        last_record_unique_id: hasNext && last ? last.internal_id : null,
        last_record_sort_value: hasNext && last ? String(value(last)) : null,
      },
      messages: [],
      source: "stand-in",
      source_note: STAND_IN_NOTE,
    },
  };
}

/** What every search answer says of where its records come from (data/README.md). */
const STAND_IN_NOTE =
  "cutwatch's local stand-in for USAspending, not api.usaspending.gov: the FPDS records behind DOGE's contract list of 2025-03-05 (data/fpds/, CC0 1.0, from richarddunks/doge_parser) and 20 USAspending assistance records archived with DOGE's grant list of 2025-03-30 (data/archive/), reshaped into USAspending's response format; values unchanged.";

/** A recipient search term matches a UEI exactly, or a part of the recipient's name. */
function recipientMatches(a: Record<string, unknown>, term: string): boolean {
  if (!term) return false;
  const r = a.recipient as { recipient_name?: unknown; recipient_uei?: unknown } | null;
  const uei = typeof r?.recipient_uei === "string" ? r.recipient_uei.toUpperCase() : null;
  const name = typeof r?.recipient_name === "string" ? r.recipient_name.toUpperCase() : "";
  return uei === term || name.includes(term);
}

/** One search result: the ids, then each requested field as the award record gives it. */
function resultOf(a: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const agency = (a.awarding_agency as { toptier_agency?: { name?: unknown } } | null)
    ?.toptier_agency?.name;
  const period = a.period_of_performance as { start_date?: unknown; end_date?: unknown } | null;
  const known: Record<string, unknown> = {
    "Award ID": a.piid ?? a.fain ?? null,
    "Recipient Name": (a.recipient as { recipient_name?: unknown } | null)?.recipient_name ?? null,
    "Recipient UEI": (a.recipient as { recipient_uei?: unknown } | null)?.recipient_uei ?? null,
    "Start Date": period?.start_date ?? null,
    "End Date": period?.end_date ?? null,
    "Award Amount": a.total_obligation ?? null,
    "Awarding Agency": agency ?? null,
    // FPDS names the contracting office's agency, the sub-tier one.
    "Awarding Sub Agency": agency ?? null,
    "Contract Award Type": a.type_description ?? null,
    "Award Type": null,
    Description: a.description ?? null,
  };
  const row: Record<string, unknown> = {
    internal_id: a.id ?? awardNumber(String(a.generated_unique_award_id)),
  };
  for (const field of fields) row[field] = known[field] ?? null;
  row.generated_internal_id = a.generated_unique_award_id;
  if (fields.includes("Awarding Agency")) row.awarding_agency_id = null;
  return row;
}

function buildAwards(rows: FpdsRow[]): { awards: Map<string, Award>; completedParents: number } {
  // Each vehicle's agency, from the vehicle's own record where the file has it.
  const vehicleAgency = new Map<string, string | null>();
  for (const row of rows) {
    const link = fpdsLink(row.LINK);
    if (!link?.piid || !link.agency || !/contractType=IDV/.test(row.LINK ?? "")) continue;
    const known = vehicleAgency.get(link.piid);
    // A PIID two agencies use for a vehicle names neither.
    vehicleAgency.set(link.piid, known === undefined || known === link.agency ? link.agency : null);
  }
  const awards = new Map<string, Award>();
  const completed = new Set<string>();
  for (const row of rows) {
    const parsed = fpdsLink(row.LINK);
    if (!parsed?.piid || !parsed.agency) continue; // a record without its FPDS link
    const link: FpdsLink = { ...parsed };
    const parentAgency = link.parentPiid ? vehicleAgency.get(link.parentPiid) : undefined;
    if (link.parentPiid && !link.parentAgency && parentAgency) link.parentAgency = parentAgency;
    const { piid, agency, parentPiid } = link;
    const id = contractAwardId(link);
    if (link.parentAgency !== parsed.parentAgency) completed.add(id);
    const entry: Award = awards.get(id) ?? {
      award: awardOf(id, row, piid, parentPiid),
      transactions: [],
    };
    entry.transactions.push({
      id: `CONT_TX_${agency}_${piid}_${row.MODIFICATION_NO || "0"}_${parentPiid || "-NONE-"}`,
      type: TYPE_CODES[row.AWARD_TYPE ?? ""] ?? null,
      type_description: row.AWARD_TYPE ?? null,
      action_date: fpdsDate(row.DATE_SIGNED),
      action_type: null,
      action_type_description: row.REASON_FOR_MODIFICATION || null,
      modification_number: row.MODIFICATION_NO ?? "0",
      description: row.DESCRIPTION_OF_REQUIREMENT || null,
      federal_action_obligation: money(row.CURENT_ACTION_OBLIGATION),
      face_value_loan_guarantee: null,
      original_loan_subsidy_cost: null,
    });
    awards.set(id, entry);
  }
  return { awards, completedParents: completed.size };
}

function awardOf(id: string, row: FpdsRow, piid: string, parentPiid: string) {
  return {
    id: awardNumber(id),
    generated_unique_award_id: id,
    piid,
    category: "contract",
    type: TYPE_CODES[row.AWARD_TYPE ?? ""] ?? null,
    type_description: row.AWARD_TYPE ?? null,
    description: row.DESCRIPTION_OF_REQUIREMENT || null,
    total_obligation: money(row.TOTAL_ACTION_OBLIGATION),
    base_exercised_options: money(row.TOTAL_BASE_AND_EXERCISED_VALUE),
    base_and_all_options: money(row.TOTAL_BASE_AND_ALL_OPTIONS_VALUE_TCV),
    date_signed: fpdsDate(row.DATE_SIGNED),
    parent_award: parentPiid ? { piid: parentPiid } : null,
    awarding_agency: {
      toptier_agency: { name: row.CONTRACTNG_OFFICE_AGENCY_NAME || null, code: null },
    },
    period_of_performance: {
      start_date: fpdsDate(row.PERIOD_OF_PERF_START),
      end_date: fpdsDate(row.EST_ULTIMATE_COMPLETION_DATE || row.COMPLETION_DATE),
    },
    recipient: {
      recipient_name: row.LEGAL_BUSINESS_NAME || null,
      recipient_uei: row.UNIQUE_ENTITY_ID || null,
      location: locationOf(row.BUSINESS_CONGRESSIONAL_DISTRICT),
    },
    place_of_performance: locationOf(row.PRINCIPAL_PLACE_OF_PERFORMANCE_CD, {
      city_name: row.PRINCIPAL_PLACE_PERFORMANCE_CITY || null,
    }),
  };
}

/**
 * A location as USAspending's award record gives it (`state_code`, `congressional_code`), from
 * FPDS's district ("VIRGINIA 08"); null where FPDS has none.
 */
function locationOf(fpdsDistrict: string | undefined, more: Record<string, unknown> = {}) {
  const district = districtOf(null, fpdsDistrict);
  if (!district) return null;
  const [state_code, congressional_code] = district.split("-");
  return { location_country_code: "USA", state_code, congressional_code, ...more };
}

/** An FPDS amount as USAspending sends amounts: a JSON number; blank → null. */
function money(text: string | undefined): number | null {
  const amount = fpdsMoney(text);
  return amount === null ? null : Number(amount);
}

function awardNumber(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}
