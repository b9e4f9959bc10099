/// <reference types="vite/client" />
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The raw archive the seed's award records come from: read here on its own, with none of the
// project's code (no importer, no pure rule), so the verdicts are computed a second way.
import archiveGz from "../../data/archive/contracts-2025-04-04.csv.gz?url&inline";
import grantsGz from "../../data/archive/grants-2025-03-30.csv.gz?url&inline";
import commissions from "../../data/reference/commissions.json?raw";
import methodology from "../../METHODOLOGY.md?raw";
import { testDb } from "../helpers/db.ts";
import { gunzip } from "../helpers/files.ts";
import { call, json } from "../helpers/http.ts";

/**
 * Methodology 3 on the seed, checked a second way: each assessed claim's verdict, taken-back and
 * not-ruled-out amounts recomputed from the FPDS record the 2025-04-04 archive carries for it
 * (the rules of METHODOLOGY.md, "Rules (version 3)", written out again here), then each verdict's
 * claims and dollars and the headline summed with big.js and compared with the API to the cent.
 * Which claims are live and which duplicate another is taken from the database: the check is of
 * the verdicts and the sums, not of the sync.
 */
const { db, close } = testDb();
afterAll(() => close());

const START: string = JSON.parse(commissions).find(
  (c: { slug: string }) => c.slug === "doge",
).established_on;

type Action = { date: string | null; amount: Big | null };
type Record_ = {
  o: Big | null;
  x: Big | null;
  ceiling: Big | null;
  /** Payments: the grants' USAspending records give them where known; FPDS records never. */
  p: Big | null;
  actions: Map<string, Action>;
};

const amount = (s: string | undefined) => (s?.trim() ? new Big(s.trim()) : null);
/** "06/23/2023" → "2023-06-23". */
const isoDate = (s: string | undefined) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s?.trim() ?? "");
  return m ? `${m[3]}-${m[1]?.padStart(2, "0")}-${m[2]?.padStart(2, "0")}` : null;
};

/** The archive's records by USAspending key, built from each receipt's FPDS link. */
async function archivedRecords(): Promise<Map<string, Record_>> {
  const rows = parse(await gunzip(archiveGz), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  const fields = ["amount_obligated_total", "amount_ultimate_total", "date_signed"];
  const out = new Map<string, Record_>();
  for (const r of rows) {
    if (!URL.canParse(r.fpds_link?.trim() ?? "")) continue;
    if (!fields.some((f) => r[f]?.trim())) continue;
    const q = new URL((r.fpds_link as string).trim()).searchParams;
    const [piid, agency] = [q.get("PIID") ?? "", q.get("agencyID") ?? ""];
    if (!piid || !agency) continue;
    const key = `CONT_AWD_${piid}_${agency}_${q.get("idvPIID") || "-NONE-"}_${q.get("idvAgencyID") || "-NONE-"}`;
    const record = out.get(key) ?? {
      o: amount(r.amount_obligated_total),
      x: amount(r.amount_base_exercised_options_total),
      ceiling: amount(r.amount_ultimate_total),
      p: null,
      actions: new Map<string, Action>(),
    };
    const mod = `${r.award_procurement_id || piid}:${r.award_modification_num?.trim() ?? ""}`;
    record.actions.set(mod, { date: isoDate(r.date_signed), amount: amount(r.amount_obligated) });
    out.set(key, record);
  }
  // The grant list of 2025-03-30 carries the USAspending award record of a few receipts, keyed
  // by its generated_unique_award_id (the newest scrape of each); no transactions are archived.
  const grants = parse(await gunzip(grantsGz), {
    columns: (h: string[]) => h.map((c, i) => (h.indexOf(c) === i ? c : `${c}_${i}`)),
    bom: true,
  }) as Record<string, string>[];
  const scraped = new Map<string, string>();
  for (const g of grants) {
    const key = g.generated_unique_award_id?.trim() ?? "";
    if (!key.startsWith("ASST_") || (scraped.get(key) ?? "") > (g.dt_scrape ?? "")) continue;
    scraped.set(key, g.dt_scrape ?? "");
    out.set(key, {
      o: amount(g.total_obligation),
      x: amount(g.base_exercised_options),
      ceiling: amount(g.base_and_all_options),
      p: amount(g.total_outlay),
      actions: new Map(),
    });
  }
  return out;
}

type Verdict = { status: string; low: Big; high: Big; recordDate: string | null };

/** Version 3's verdict of a claim of C against its archived record (payments where it gives them). */
function verdictOf(c: Big, r: Record_): Verdict {
  let d = new Big(0);
  let recordDate: string | null = null;
  for (const a of r.actions.values()) {
    if (a.date && (recordDate === null || a.date > recordDate)) recordDate = a.date;
    if (a.amount?.lt(0) && a.date !== null && a.date >= START) d = d.plus(a.amount.abs());
  }
  const low = c.lt(d) ? c : d;
  const unpaid = r.o === null ? null : r.p === null ? r.o : r.o.minus(r.p);
  const allowed = unpaid === null ? c : d.plus(unpaid.gt(0) ? unpaid : 0);
  const high = c.lt(allowed) ? c : allowed;
  const options = [r.x, r.o].some(
    (t) => r.ceiling && t && r.ceiling.minus(t).gt(0) && c.minus(r.ceiling.minus(t)).abs().lt(1),
  );
  if (c.lte(d)) return { status: "supported", low, high, recordDate };
  if (r.p !== null && unpaid?.lte(0) && d.eq(0))
    return { status: "fully_spent", low, high, recordDate };
  if (options) return { status: "unexercised_options", low, high: low, recordDate };
  if (c.minus(high).lt(1)) return { status: "unconfirmed", low, high, recordDate };
  return { status: "exceeds_record", low, high, recordDate };
}

type Claim = {
  id: number;
  claimed: string;
  claim_date: string | null;
  award_key: string | null;
  status: string | null;
  taken_back: string | null;
  not_ruled_out: string | null;
  record_date: string | null;
  names_something: boolean;
  pool_or_lease: boolean;
};

let claims: Claim[] = [];
let records = new Map<string, Record_>();
let summary: Record<string, unknown> & {
  by_status: Record<string, { claims: number; claimed: string }>;
};

beforeAll(async () => {
  records = await archivedRecords();
  const result = await db.execute<Claim>(sql`
    select p.id::int as id, coalesce(p.claimed_savings, 0)::text as claimed,
      p.claim_date::text as claim_date,
      case when p.kind = 'contract' and p.piid is not null and p.contracting_agency_id is not null
        then 'CONT_AWD_' || p.piid || '_' || p.contracting_agency_id || '_' ||
          coalesce(p.parent_piid, '-NONE-') || '_' || coalesce(p.parent_agency_id, '-NONE-')
        else p.award_id end as award_key,
      s.status::text as status, s.verified_low::text as taken_back,
      case when s.status <> 'exceeds_record' then s.verified_high::text end as not_ruled_out,
      s.record_date::text as record_date,
      coalesce(p.piid, p.fain, p.recipient) is not null as names_something,
      (p.kind = 'lease' or p.natural_key ~ '^[a-z]+:pool:') as pool_or_lease
    from proposals p join commissions c on c.id = p.commission_id
    left join assessments s on s.proposal_id = p.id and s.methodology_version = '3'
    where c.slug = 'doge' and p.removed_from_source_at is null and p.retracted_at is null`);
  claims = result.rows;
  const body = await json<{ data: (typeof summary)[] }>(
    await call("/v1/savings/summary?commission=doge"),
  );
  summary = body.data[0] as typeof summary;
});

const CHECKED = [
  "supported",
  "unconfirmed",
  "unexercised_options",
  "fully_spent",
  "exceeds_record",
];
const of = (status: string) => claims.filter((c) => c.status === status);

describe("methodology 3 on the seed, computed a second way from the raw archive", () => {
  it("gives every checked claim the verdict and amounts its archived record gives", () => {
    const checked = claims.filter((c) => c.status && CHECKED.includes(c.status));
    expect(checked.length).toBeGreaterThan(1000);
    for (const c of checked) {
      const record = records.get(c.award_key ?? "");
      expect(record, `claim ${c.id}: ${c.award_key}`).toBeDefined();
      const v = verdictOf(new Big(c.claimed), record as Record_);
      expect(c.status, `claim ${c.id}`).toBe(v.status);
      expect(new Big(c.taken_back ?? "-1").eq(v.low), `claim ${c.id} taken back`).toBe(true);
      if (v.status !== "exceeds_record")
        expect(new Big(c.not_ruled_out ?? "-1").eq(v.high), `claim ${c.id}`).toBe(true);
      expect(c.record_date, `claim ${c.id} record date`).toBe(v.recordDate);
    }
  });

  it("reproduces the headline and each verdict's claims and dollars to the cent", () => {
    const byStatus = new Map<string, { claims: number; claimed: Big }>();
    for (const c of claims) {
      const status = c.status ?? "not_assessed";
      const row = byStatus.get(status) ?? { claims: 0, claimed: new Big(0) };
      byStatus.set(status, { claims: row.claims + 1, claimed: row.claimed.plus(c.claimed) });
    }
    const mine = recomputed();
    const api = (field: string) => new Big(String(summary[field] ?? "NaN"));
    for (const [field, value] of Object.entries(mine.headline))
      expect(api(field).eq(value), `${field}: ${summary[field]} against ${value}`).toBe(true);
    // Only a few grants' records carry payments: the rest of what is not ruled out has them unknown.
    expect(api("not_ruled_out_payments_unknown").eq(mine.paymentsUnknown)).toBe(true);
    for (const [status, row] of Object.entries(mine.verdicts)) {
      expect(summary.by_status[status]?.claims, status).toBe(row.claims);
      expect(new Big(summary.by_status[status]?.claimed ?? "NaN").eq(row.claimed), status).toBe(
        true,
      );
    }
    for (const [status, row] of byStatus) {
      expect(summary.by_status[status]?.claims, status).toBe(row.claims);
      expect(new Big(summary.by_status[status]?.claimed ?? "NaN").eq(row.claimed), status).toBe(
        true,
      );
    }
  });

  it("is what METHODOLOGY.md reports, the API's figures beside the recomputed ones", () => {
    const block = /<!-- v3-seed:start -->\n([\s\S]*?)\n<!-- v3-seed:end -->/.exec(methodology);
    expect(block?.[1]).toBe(render(recomputed()));
  });
});

/** The headline and the checked verdicts, from the raw records alone (claims from the database). */
function recomputed() {
  const headline = {
    taken_back: new Big(0),
    not_ruled_out: new Big(0),
    contradicted_record_allows: new Big(0),
    claimed_record_predates_claim: new Big(0),
  };
  let predates = 0;
  let paymentsUnknown = new Big(0);
  const verdicts: Record<string, { claims: number; claimed: Big }> = {};
  for (const c of claims) {
    const record = records.get(c.award_key ?? "");
    if (!c.status || !CHECKED.includes(c.status) || !record) continue;
    const v = verdictOf(new Big(c.claimed), record);
    const row = verdicts[v.status] ?? { claims: 0, claimed: new Big(0) };
    verdicts[v.status] = { claims: row.claims + 1, claimed: row.claimed.plus(c.claimed) };
    if (v.status === "exceeds_record")
      headline.contradicted_record_allows = headline.contradicted_record_allows.plus(v.high);
    else {
      headline.taken_back = headline.taken_back.plus(v.low);
      headline.not_ruled_out = headline.not_ruled_out.plus(v.high);
      if (record.p === null) paymentsUnknown = paymentsUnknown.plus(v.high);
    }
    if (v.recordDate && c.claim_date && v.recordDate < c.claim_date) {
      predates += 1;
      headline.claimed_record_predates_claim = headline.claimed_record_predates_claim.plus(
        c.claimed,
      );
    }
  }
  return { headline, predates, paymentsUnknown, verdicts };
}

const usd = (b: Big | string) => `$${new Big(b).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;

/** The table METHODOLOGY.md shows: the API's figure and the recomputed one, side by side. */
function render(mine: ReturnType<typeof recomputed>): string {
  const api = (field: string) => String(summary[field] ?? "NaN");
  const lines = [
    "| on the seed (DOGE, live claims) | the API (`/v1/savings/summary`) | recomputed from the raw archive |",
    "|---|---:|---:|",
    `| claimed (each award once) | ${usd(api("claimed"))} | |`,
    `| taken back on the record (verified) | ${usd(api("taken_back"))} | ${usd(mine.headline.taken_back)} |`,
    `| not ruled out by the records (not verified) | ${usd(api("not_ruled_out"))} | ${usd(mine.headline.not_ruled_out)} |`,
    `| of which payments unknown | ${usd(api("not_ruled_out_payments_unknown"))} | ${usd(mine.paymentsUnknown)} |`,
    `| contradicted claims: what their records allow | ${usd(api("contradicted_record_allows"))} | ${usd(mine.headline.contradicted_record_allows)} |`,
    `| claims judged on a record older than the claim | ${api("record_predates_claim")} (${usd(api("claimed_record_predates_claim"))}) | ${mine.predates} (${usd(mine.headline.claimed_record_predates_claim)}) |`,
  ];
  for (const status of CHECKED) {
    const fromApi = summary.by_status[status];
    const row = mine.verdicts[status];
    if (!fromApi && !row) continue;
    lines.push(
      `| \`${status}\`: claims (claimed) | ${fromApi?.claims ?? 0} (${usd(fromApi?.claimed ?? "0")}) | ${row?.claims ?? 0} (${usd(row?.claimed ?? "0")}) |`,
    );
  }
  for (const status of ["not_yet_checked", "unverifiable"]) {
    const fromApi = summary.by_status[status];
    lines.push(
      `| \`${status}\`: claims (claimed) | ${fromApi?.claims ?? 0} (${usd(fromApi?.claimed ?? "0")}) | |`,
    );
  }
  return lines.join("\n");
}

describe("every verdict sentence is true of the seed's claims of that verdict", () => {
  it("unverifiable: names nothing to search by (a pool, a lease, or no PIID, FAIN or recipient)", () => {
    expect(of("unverifiable").length).toBeGreaterThan(0);
    for (const c of of("unverifiable")) expect(c.pool_or_lease || !c.names_something).toBe(true);
  });

  it("not_yet_checked: names a PIID, FAIN or recipient, but no award", () => {
    expect(of("not_yet_checked").length).toBeGreaterThan(0);
    for (const c of of("not_yet_checked")) {
      expect(c.names_something && !c.pool_or_lease, `claim ${c.id}`).toBe(true);
      expect(c.award_key, `claim ${c.id}`).toBeNull();
    }
  });

  it("no_saving_claimed: states no saving", () => {
    for (const c of of("no_saving_claimed")) expect(new Big(c.claimed).lte(0)).toBe(true);
  });

  it("each checked verdict says of its record what the record shows", () => {
    const sentence: Record<string, (c: Big, v: Verdict, r: Record_) => boolean> = {
      // The record shows at least the claim taken back.
      supported: (c, v) => v.low.eq(c),
      // Not ruled out, not shown taken back.
      unconfirmed: (c, v) => v.low.lt(c) && c.minus(v.high).lt(1),
      // The claim equals ceiling − exercised or ceiling − obligated, to the dollar.
      unexercised_options: (c, _v, r) =>
        [r.x, r.o].some((t) => r.ceiling && t && c.minus(r.ceiling.minus(t)).abs().lt(1)),
      // More than the record allows, by $1 or more.
      exceeds_record: (c, v) => c.minus(v.high).gte(1),
    };
    for (const [status, holds] of Object.entries(sentence)) {
      expect(of(status).length, status).toBeGreaterThan(0);
      for (const c of of(status)) {
        const r = records.get(c.award_key ?? "") as Record_;
        expect(holds(new Big(c.claimed), verdictOf(new Big(c.claimed), r), r), `${c.id}`).toBe(
          true,
        );
      }
    }
  });
});

describe("what a reader finds on the seed", () => {
  it("finds the Family Endeavors claim by the award id USAspending writes", async () => {
    // The link leaves the parent agency blank; USAspending's key (the OpenAPI's example) names it.
    const key = "CONT_AWD_140D0424F0005_1406_140D0423D0063_1406";
    const body = await json<{ data: { recipient: string | null; piid: string | null }[] }>(
      await call(`/v1/proposals?award_id=${key}`),
    );
    expect(body.data.length).toBeGreaterThan(0);
    for (const p of body.data) {
      expect(p.piid).toBe("140D0424F0005");
      expect(p.recipient).toMatch(/Family Endeavors/i);
    }
  });

  it("reads no verified range on the dashboard, the embeds, the agency and state pages", async () => {
    const verifiedRange = /verified[^<\n]{0,80}?(\$[\d.,]+(?: [KMBT])?|[\d.]+%) – /i;
    for (const path of ["/", "/embed/summary", "/agencies", "/states", "/embed/states"]) {
      const html = await (await call(path, { headers: { Accept: "text/html" } })).text();
      const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
      expect(text, path).not.toMatch(verifiedRange);
      expect(text, path).not.toMatch(/verified by budget records/i);
    }
  });
});
