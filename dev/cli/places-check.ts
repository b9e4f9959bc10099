/**
 * `npm run places:check [-- <api url>]`: the by-state totals computed a second way, against a
 * running API (default http://127.0.0.1:8787, the stack `npm start` seeds). Each live claim of
 * the full CSV export is placed straight from the raw archive files, without the importer, the
 * sync or worker/lib/places.ts: a contract by its FPDS link (else its PIID) in the newest
 * archived contract list that has it (2025-04-04, 03-31, 02-18: `performance_state`, else the
 * vendor's `entity_state`), a grant by its award id in the
 * 2025-03-30 grant list (`place_of_performance_state_code`, else `recipient_location_state_code`),
 * a lease by its location in the lease lists (their `state` column, else the ", XX" its location
 * ends with). Then claims and claimed dollars are summed by state with big.js and compared with
 * `/v1/savings/by-state`, state by state; the claims placed differently are listed by kind.
 * METHODOLOGY.md ("Places") reports the result.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { STATE_CODES } from "../../worker/lib/states.ts";

const api = (process.argv[2] ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const root = new URL("../../", import.meta.url);
type Row = Record<string, string>;

async function rows(file: string): Promise<Row[]> {
  const text = gunzipSync(await readFile(new URL(`data/archive/${file}`, root))).toString("utf8");
  return parse(text, { columns: true, bom: true, relax_column_count: true }) as Row[];
}

// The reference list of USPS codes (states, DC, territories): a province's "ON" is no state.
const US = new Set<string>(STATE_CODES);
const code = (s: string | undefined) => {
  const t = (s ?? "").trim().toUpperCase();
  return US.has(t) ? t : null;
};
const first = (map: Map<string, string>, key: string, value: string | null) => {
  if (value && !map.has(key)) map.set(key, value);
};

// Contracts: the FPDS link's agency, PIID and parent (the claim's identity), else the PIID
// → the list's place of performance, else its vendor's state.
const contractPop = new Map<string, string>();
const contractVendor = new Map<string, string>();
const linkKey = (link: string | undefined) => {
  if (!URL.canParse(link ?? "")) return null;
  const q = new URL(link as string).searchParams;
  const parts = ["agencyID", "PIID", "idvAgencyID", "idvPIID"].map(
    (k) => (q.get(k) ?? "").trim().toUpperCase() || "-",
  );
  return parts[1] === "-" ? null : parts.join(":");
};
// Newest list first: a claim keeps the record columns of the last list that carried them.
const contractLists = [
  ...(await rows("contracts-2025-04-04.csv.gz")),
  ...(await rows("contracts-2025-03-31.csv.gz")),
  ...(await rows("contracts-2025-02-18.csv.gz")),
];
for (const r of contractLists) {
  // A row with a link is its claim's by the link; one without, by its PIID (contract:piid:…).
  const key = linkKey(r.fpds_link) ?? `piid:${(r.piid ?? "").trim()}`;
  first(contractPop, key, code(r.performance_state));
  first(contractVendor, key, code(r.entity_state));
}
// Grants: award id → place of performance, else the recipient's state.
const grantPop = new Map<string, string>();
const grantRecipient = new Map<string, string>();
for (const r of await rows("grants-2025-03-30.csv.gz")) {
  const id = (r.generated_unique_award_id || (r.link ?? "").split("/").pop() || "").trim();
  first(grantPop, id, code(r.place_of_performance_state_code));
  first(grantRecipient, id, code(r.recipient_location_state_code));
}
// Leases: location → the lists' state column (the newest list first).
const leaseState = new Map<string, string>();
for (const file of [
  "leases-2025-10-05.csv.gz",
  "leases-2025-06-03.csv.gz",
  "leases-2025-02-18.csv.gz",
]) {
  for (const r of await rows(file)) first(leaseState, (r.location ?? "").trim(), code(r.state));
}

const exported = await fetch(`${api}/v1/proposals?commission=doge&removed=false&format=csv`);
if (!exported.ok) throw new Error(`${api}: the export answered ${exported.status}`);
const claims = (parse(await exported.text(), { columns: true }) as Row[]).filter(
  (c) => !c.retracted_at,
);

function stateOf(c: Row): string | null {
  if (c.kind === "contract") {
    const linked = /^contract:fpds:(.*)$/.exec(c.natural_key ?? "")?.[1]?.toUpperCase();
    const key = linked ?? `piid:${c.piid ?? ""}`;
    return contractPop.get(key) ?? contractVendor.get(key) ?? null;
  }
  if (c.kind === "grant") {
    const id = c.award_id ?? "";
    return grantPop.get(id) ?? grantRecipient.get(id) ?? null;
  }
  const location = (c.lease_location ?? "").trim();
  return leaseState.get(location) ?? code(location.split(",").at(-1)) ?? null;
}

type Sum = { claims: number; published: Big; claimed: Big };
const sums = new Map<string, Sum>();
const differ = new Map<string, number[]>();
for (const c of claims) {
  const state = stateOf(c) ?? "unknown";
  const s = sums.get(state) ?? { claims: 0, published: new Big(0), claimed: new Big(0) };
  const amount = new Big(c.claimed_savings || 0);
  s.claims += 1;
  s.published = s.published.plus(amount);
  // A duplicate is counted under the claim it duplicates (the rollups' rule).
  if (c.assessment_status !== "duplicate") s.claimed = s.claimed.plus(amount);
  sums.set(state, s);
  if ((c.state || "unknown") !== state) {
    const key = `${c.kind}: ${c.state || "unknown"} here, ${state} from the files`;
    differ.set(key, [...(differ.get(key) ?? []), Number(c.id)]);
  }
}

const body = (await (await fetch(`${api}/v1/savings/by-state?commission=doge`)).json()) as {
  data: { state: string | null; claims: number; claimed_as_published: string; claimed: string }[];
};
let agree = 0;
const lines: string[] = [];
const states = new Set([...sums.keys(), ...body.data.map((r) => r.state ?? "unknown")]);
for (const state of [...states].sort()) {
  const mine = sums.get(state) ?? { claims: 0, published: new Big(0), claimed: new Big(0) };
  const theirs = body.data.find((r) => (r.state ?? "unknown") === state);
  const same =
    theirs &&
    theirs.claims === mine.claims &&
    mine.published.eq(theirs.claimed_as_published) &&
    mine.claimed.eq(theirs.claimed);
  if (same) agree += 1;
  else {
    lines.push(
      `${state}: ${mine.claims} claims, ${mine.claimed.toFixed(2)} claimed from the files; ` +
        `${theirs?.claims ?? 0} claims, ${theirs?.claimed ?? "0"} claimed by the API`,
    );
  }
}
const total = (f: (s: Sum) => Big) => [...sums.values()].reduce((a, s) => a.plus(f(s)), new Big(0));
console.log(
  `${claims.length} live claims, ${total((s) => s.claimed).toFixed(2)} claimed (counted); ` +
    `${sums.get("unknown")?.claims ?? 0} with no state in the files`,
);
console.log(`${agree} of ${states.size} rows agree to the cent (the unknown place a row)`);
for (const line of lines) console.log(`  differs: ${line}`);
for (const [key, found] of [...differ].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${found.length} × ${key} (claims ${found.slice(0, 5).join(", ")})`);
}
process.exitCode = lines.length === 0 ? 0 : 1;
