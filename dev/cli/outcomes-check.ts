/**
 * `npm run outcomes:check [-- <api url>]`: the outcome totals computed a second way, against a
 * running API (default http://127.0.0.1:8787, the stack `npm start` seeds). Straight from the raw
 * files, without the importer, the precedence or any of cutwatch's code: each receipt of DOGE's
 * live contract list (data/doge/contracts-2025-04-16.json, what the seed ends on) is matched to
 * The Planetary Society's ledger row (data/outcomes/) by the award key in the ledger's URL (PIID,
 * agency and parent PIID from DOGE's FPDS link; an assistance award by its FAIN as the PIID),
 * given the outcome its status reads as, and its `savings` summed with big.js: per outcome, still
 * cut, continued or reinstated. Compared with `/v1/outcomes/by-commission` and `by-agency` (NASA,
 * 080). On a seed with no job-derived events the two must agree to the cent.
 */
import { readFile } from "node:fs/promises";
import Big from "big.js";
import { parse } from "csv-parse/sync";

const api = (process.argv[2] ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const root = new URL("../../", import.meta.url);
type Row = Record<string, string>;

// The ledger's statuses (its README): a person's `Status` over the machine's `Auto Status`.
const STATUS: Record<string, string> = {
  still_terminated: "terminated",
  naturally_expired: "expired",
  continued: "continued",
  reinstated: "reinstated",
  descoped: "descoped",
  vacated: "vacated",
  closed_out: "closed_out",
};
const STILL_CUT = new Set([
  "terminated",
  "partially_terminated",
  "descoped",
  "closed_out",
  "expired",
]);
const NOT_CUT = new Set(["continued", "grew", "extended", "reinstated", "vacated"]);

function outcomeOf(r: Row): string | null {
  const status = r.Status && r.Status !== "listed" ? r.Status : r["Auto Status"];
  const kind = STATUS[status ?? ""];
  if (kind) return kind;
  if (r["Amount Trend"] === "grew") return "grew";
  if (r["End Date Trend"] === "extended") return "extended";
  return null;
}

const ledger = (
  parse(await readFile(new URL("data/outcomes/nasa-ledger-2026-07-30.csv", root), "utf8"), {
    columns: true,
  }) as Row[]
).filter((r) => r["Claiming Source"] === "DOGE");
const outcomeByKey = new Map<string, string>();
for (const r of ledger) {
  const key = /\/award\/([^/]+)\/?$/.exec(r.URL ?? "")?.[1];
  const kind = outcomeOf(r);
  if (key && kind) outcomeByKey.set(key, kind);
}

// Amounts as their JSON text: never through a float.
const receipts = JSON.parse(
  await readFile(new URL("data/doge/contracts-2025-04-16.json", root), "utf8"),
  (_k, value, ctx?: { source?: string }) =>
    typeof value === "number" && ctx?.source ? ctx.source : value,
) as Row[];

function keysOf(r: Row): string[] {
  const link = new URL(r.fpds_link || "https://x.invalid/").searchParams;
  const piid = link.get("PIID") || r.piid;
  const agency = link.get("agencyID");
  const parent = link.get("idvPIID") || "-NONE-";
  if (!piid || !agency) return [];
  // DOGE's links leave the parent's agency blank: any ledger key with the same other parts.
  return [...outcomeByKey.keys()].filter((k) => {
    const [, kind, p, a, par] = k.split("_");
    // An assistance award's key names the department (080), the link its FPDS office (8000).
    if (kind === "NON") return p === piid && a === `0${agency.slice(0, 2)}`;
    return p === piid && a === agency && par === parent;
  });
}

const sums = new Map<string, { claims: number; claimed: Big }>();
let checked = new Big(0);
let stillCut = new Big(0);
let notCut = new Big(0);
let receiptsChecked = 0;
for (const r of receipts) {
  const [key] = keysOf(r);
  const kind = key ? outcomeByKey.get(key) : undefined;
  if (!kind) continue;
  const s = new Big(r.savings || "0");
  receiptsChecked++;
  checked = checked.plus(s);
  if (STILL_CUT.has(kind)) stillCut = stillCut.plus(s);
  if (NOT_CUT.has(kind)) notCut = notCut.plus(s);
  const t = sums.get(kind) ?? { claims: 0, claimed: new Big(0) };
  sums.set(kind, { claims: t.claims + 1, claimed: t.claimed.plus(s) });
}

type Totals = {
  agency_code: string | null;
  checked_claims: number;
  checked: string;
  still_cut: string;
  not_cut: string;
  by_outcome: Record<string, { claims: number; claimed: string }>;
};
async function get(path: string): Promise<Totals[]> {
  const res = await fetch(`${api}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return ((await res.json()) as { data: Totals[] }).data;
}

const [commission] = await get("/v1/outcomes/by-commission?commission=doge");
const nasa = (await get("/v1/outcomes/by-agency?commission=doge")).find(
  (r) => r.agency_code === "080",
);
let failures = 0;
const compare = (what: string, mine: string | number, theirs: string | number | undefined) => {
  const same = theirs !== undefined && new Big(mine).eq(new Big(theirs));
  if (!same) failures++;
  console.log(`${same ? "ok  " : "DIFF"} ${what}: files ${mine}, API ${theirs}`);
};
console.log(`${receiptsChecked} live receipts of 2025-04-16 carry a ledger outcome`);
for (const [label, row] of [
  ["doge", commission],
  ["doge/080", nasa],
] as const) {
  compare(`${label} checked`, checked.toString(), row?.checked);
  compare(`${label} still cut`, stillCut.toString(), row?.still_cut);
  compare(`${label} continued or reinstated`, notCut.toString(), row?.not_cut);
  for (const [kind, t] of [...sums].sort()) {
    compare(`${label} ${kind} claimed`, t.claimed.toString(), row?.by_outcome[kind]?.claimed);
  }
}
console.log(
  `shares of the checked dollars: still cut ${stillCut.div(checked).times(100).toFixed(1)}%, continued or reinstated ${notCut.div(checked).times(100).toFixed(1)}%`,
);
if (failures) {
  console.error(`${failures} figures differ`);
  process.exit(1);
}
