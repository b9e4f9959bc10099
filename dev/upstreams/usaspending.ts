import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { parse } from "csv-parse/sync";
import { contractAwardId, fpdsDate, fpdsLink, fpdsMoney } from "../fpds.ts";
import { faultOf, misbehave } from "./faults.ts";
import { closeServer, listen } from "./server.ts";

/**
 * A local stand-in for api.usaspending.gov built from the FPDS records in data/fpds/: each
 * contract becomes an award in the documented `GET /api/v2/awards/<id>/` shape and each FPDS
 * record one of its transactions in `POST /api/v2/transactions/`. Values are FPDS's, unchanged;
 * blank FPDS amounts stay null. Under `/fault/<mode>/` (./faults.ts) an award's record comes back
 * fine and the request for its transactions fails, so the fault strikes in the middle of an award.
 */
export type UsaspendingFixture = { url: string; awardIds: string[]; close: () => Promise<void> };

type FpdsRow = Record<string, string>;
type Award = { award: Record<string, unknown>; transactions: Record<string, unknown>[] };

export async function startUsaspendingFixture(csvFile: string): Promise<UsaspendingFixture> {
  const rows = parse(await readFile(csvFile, "utf8"), { columns: true, bom: true }) as FpdsRow[];
  const awards = buildAwards(rows);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const { fault, path } = faultOf(url.pathname);
    const awardMatch = /^\/api\/v2\/awards\/([^/]+)\/$/.exec(path);
    if (req.method === "GET" && awardMatch) {
      const found = awards.get(decodeURIComponent(awardMatch[1] ?? ""));
      return found ? send(200, found.award) : send(404, { detail: "No award found with this id" });
    }
    if (req.method === "POST" && path === "/api/v2/transactions/") {
      let text = "";
      req.on("data", (chunk) => {
        text += chunk;
      });
      req.on("end", () => {
        const body = JSON.parse(text || "{}") as {
          award_id?: string;
          page?: number;
          limit?: number;
        };
        const all = awards.get(body.award_id ?? "")?.transactions ?? [];
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
    send(404, { detail: "not found" });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    awardIds: [...awards.keys()],
    close: () => closeServer(server),
  };
}

function buildAwards(rows: FpdsRow[]): Map<string, Award> {
  const awards = new Map<string, Award>();
  for (const row of rows) {
    const link = fpdsLink(row.LINK);
    if (!link?.piid || !link.agency) continue; // a record without its FPDS link
    const { piid, agency, parentPiid } = link;
    const id = contractAwardId(link);
    const entry: Award = awards.get(id) ?? {
      award: awardOf(id, row, piid, parentPiid),
      transactions: [],
    };
    entry.transactions.push({
      id: `CONT_TX_${agency}_${piid}_${row.MODIFICATION_NO || "0"}_${parentPiid || "-NONE-"}`,
      type: row.AWARD_TYPE ?? null,
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
  return awards;
}

function awardOf(id: string, row: FpdsRow, piid: string, parentPiid: string) {
  return {
    id: awardNumber(id),
    generated_unique_award_id: id,
    piid,
    category: "contract",
    type: row.AWARD_TYPE ?? null,
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
    recipient: { recipient_name: row.LEGAL_BUSINESS_NAME || null },
  };
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
