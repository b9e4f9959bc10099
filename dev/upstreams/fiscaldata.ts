import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { faultOf, misbehave } from "./faults.ts";
import { closeServer, listen } from "./server.ts";

/**
 * A local stand-in for Treasury Fiscal Data's Monthly Treasury Statement table 5
 * (`GET /v1/accounting/mts/mts_table_5`), in the documented envelope
 * `{data, meta: {total-count, total-pages}, links}` with `filter=record_date:gte:<date>`,
 * `page[size]` and `page[number]`. There is no recorded MTS data in the repository, so the
 * AMOUNTS ARE SYNTHETIC (deterministic, for tests and offline demos only); the lines are the
 * agencies of data/reference/agencies.json plus a total line, for every month of the current and
 * prior fiscal year up to last month. Under `/fault/<mode>/` (./faults.ts) the last page of the
 * list fails and the pages before it come back fine, so the fault strikes as late as it can.
 */
export type FiscalDataFixture = { url: string; close: () => Promise<void> };

type Row = Record<string, string>;

export async function startFiscalDataFixture(
  agenciesFile: string,
  today = new Date(),
): Promise<FiscalDataFixture> {
  const agencies = JSON.parse(await readFile(agenciesFile, "utf8")) as { name: string }[];
  const rows = buildRows(
    agencies.map((a) => a.name),
    today,
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const { fault, path } = faultOf(url.pathname);
    if (!path.endsWith("/v1/accounting/mts/mts_table_5")) return send(404, { error: "not found" });
    const from = /^record_date:gte:(\d{4}-\d{2}-\d{2})$/.exec(
      url.searchParams.get("filter") ?? "",
    )?.[1];
    const size = Number(url.searchParams.get("page[size]") ?? 100);
    const number = Number(url.searchParams.get("page[number]") ?? 1);
    const matching = rows.filter((r) => !from || (r.record_date ?? "") >= from);
    const pages = Math.max(1, Math.ceil(matching.length / size));
    const answer = {
      data: matching.slice((number - 1) * size, number * size),
      meta: {
        count: Math.min(size, Math.max(0, matching.length - (number - 1) * size)),
        "total-count": matching.length,
        "total-pages": pages,
      },
      links: {
        self: `&page%5Bnumber%5D=${number}&page%5Bsize%5D=${size}`,
        next: number < pages ? `&page%5Bnumber%5D=${number + 1}&page%5Bsize%5D=${size}` : null,
      },
    };
    if (fault && number >= pages) misbehave(fault, res, JSON.stringify(answer));
    else send(200, answer);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

function buildRows(agencyNames: string[], today: Date): Row[] {
  const rows: Row[] = [];
  const fyStart = today.getUTCMonth() >= 9 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  // Month ends from October of the prior fiscal year to the last complete month.
  for (
    let y = fyStart - 1, m = 9;
    Date.UTC(y, m + 1, 1) <= Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
    m++
  ) {
    if (m === 12) {
      m = 0;
      y++;
    }
    const recordDate = new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
    const fiscalYear = m >= 9 ? y + 1 : y;
    const fiscalMonth = ((m + 3) % 12) + 1;
    agencyNames.forEach((name, i) => {
      const monthly = synthetic(`${name}`, fiscalYear) / 100;
      rows.push(row(recordDate, fiscalYear, name, String(100 + i), monthly, fiscalMonth));
    });
  }
  return rows;
}

function row(
  recordDate: string,
  fiscalYear: number,
  desc: string,
  line: string,
  monthly: number,
  fiscalMonth: number,
): Row {
  const cents = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
  return {
    record_date: recordDate,
    parent_id: "null",
    classification_id: line,
    classification_desc: desc,
    line_code_nbr: line,
    sequence_level_nbr: "2",
    current_month_net_outly_amt: cents(monthly),
    current_fytd_net_outly_amt: cents(monthly * fiscalMonth),
    prior_fytd_net_outly_amt: cents(monthly * fiscalMonth * 0.97),
    record_fiscal_year: String(fiscalYear),
  };
}

/** A stable pseudo-random amount in cents for a line and year (synthetic, see above). */
function synthetic(key: string, year: number): number {
  let h = year;
  for (const ch of key) h = (h * 33 + ch.charCodeAt(0)) >>> 0;
  return 1_000_000_00 + (h % 9_000_000_00);
}
