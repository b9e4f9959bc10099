import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { awardIdOf } from "../../db/queries/awards.ts";
import { type NewOutcomeEvent, recordOutcomeEvents } from "../../db/queries/outcomes.ts";
import {
  type AmountTrend,
  DIVERGENCES,
  type Divergence,
  type EndDateTrend,
  ledgerKind,
  type OutcomeKind,
} from "../../worker/savings/outcomes.ts";

export const LEDGER_FILE = "outcomes/nasa-ledger-2026-07-30.csv";
/** Named as the tracker it is, wherever its events show. */
export const LEDGER_SOURCE =
  "The Planetary Society, NASA cancellations tracker (ledger of 2026-07-30)";
const LEDGER_REPO_URL = "https://github.com/planetary-society/dashboards";

export type LedgerRow = Record<string, string>;

/** The ledger's rows DOGE claimed: the only ones a cutwatch claim can stand for. */
export function dogeLedgerRows(text: string): LedgerRow[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as LedgerRow[];
  return rows.filter((r) =>
    (r["Claiming Source"] ?? "").split(";").some((s) => s.trim() === "DOGE"),
  );
}

/** USAspending's award key, from the ledger row's award URL (`…/award/CONT_AWD_…/`). */
export function ledgerAwardId(row: LedgerRow): string | null {
  return /\/award\/([^/]+)\/?$/.exec(row.URL ?? "")?.[1] ?? null;
}

const AMOUNT_TRENDS = new Set(["grew", "shrank", "flat"]);
const END_DATE_TRENDS = new Set(["extended", "truncated", "unchanged"]);

/**
 * One ledger row as an outcome event of a claim, or null when the row records no outcome (no
 * termination signal and no growth: absence of evidence is no outcome). Its date is the dated
 * evidence the row names for that outcome; `as_of` the day the tracker last verified it.
 */
export function ledgerEvent(row: LedgerRow, proposalId: number): NewOutcomeEvent | null {
  const amountTrend = AMOUNT_TRENDS.has(row["Amount Trend"] ?? "")
    ? (row["Amount Trend"] as AmountTrend)
    : null;
  const endDateTrend = END_DATE_TRENDS.has(row["End Date Trend"] ?? "")
    ? (row["End Date Trend"] as EndDateTrend)
    : null;
  const kind = ledgerKind(row.Status ?? "", row["Auto Status"] ?? "", amountTrend, endDateTrend);
  if (!kind) return null;
  const action = evidenceAction(kind, row);
  const stated = row["Claim Divergence"] ?? "";
  const asOf = row["Auto Verified Date"] || row["Last Seen"] || "2026-07-30";
  return {
    proposalId,
    kind,
    occurredOn: action.date || null,
    asOf,
    evidence: "tracker_ledger",
    recordedBy: "import",
    actor: `import:${LEDGER_FILE}`,
    sourceName: LEDGER_SOURCE,
    sourceUrl: row.URL || LEDGER_REPO_URL,
    modificationNumber: action.mod || null,
    actionType: action.type || null,
    actionTypeDescription: action.typeDescription || null,
    obligation: null,
    docket: null,
    amountTrend,
    endDateTrend,
    statedDivergence: (DIVERGENCES as readonly string[]).includes(stated)
      ? (stated as Divergence)
      : null,
    detail: detailOf(row),
    evidenceKey: `ledger:planetary-society:${row["Award ID"]}:${asOf}`,
  };
}

/** The ledger's dated evidence for an outcome: the termination, the close-out, else its latest action. */
function evidenceAction(kind: OutcomeKind, row: LedgerRow) {
  if (kind === "terminated" && row["Termination Action Date"]) {
    return { date: row["Termination Action Date"], mod: row["Termination Modification Number"] };
  }
  if (kind === "terminated" || kind === "closed_out") {
    if (row["Closeout Action Date"]) {
      return { date: row["Closeout Action Date"], mod: row["Closeout Modification Number"] };
    }
  }
  if (kind === "expired") return { date: row["End Date"] };
  return {
    date: row["Latest Action Date"],
    mod: row["Latest Modification Number"],
    type: row["Latest Action Type"],
    typeDescription: row["Latest Action Type Description"],
  };
}

function detailOf(row: LedgerRow): string {
  return [
    `tracker status: ${row.Status}${row["Auto Status"] ? ` (automatic: ${row["Auto Status"]})` : ""}`,
    row["Status Detail"] ? row["Status Detail"] : null,
    `award amount ${row["First Award Amount"] || "?"} → ${row["Award Amount"] || "?"} (${row["Amount Trend"] || "?"})`,
    `end date ${row["First End Date"] || "?"} → ${row["End Date"] || "?"} (${row["End Date Trend"] || "?"})`,
    row["Claim Divergence"] ? `tracker's divergence: ${row["Claim Divergence"]}` : null,
  ]
    .filter(Boolean)
    .join("; ");
}

/**
 * Import the ledger as evidence from another tracker: each DOGE-claimed row whose award is a
 * claim here becomes an outcome event of every such claim. A claim is the award by USAspending's
 * key (the one the awards step uses), or by its parts where DOGE's link left the parent vehicle's
 * agency blank (as it does for every order): PIID, agency and parent PIID equal. An assistance
 * award (`ASST_NON_<FAIN>_<agency>`) is the claim with that FAIN, or with it as PIID: DOGE listed
 * 16 of NASA's grants and cooperative agreements on its contract list, the FAIN as their PIID. Re-running it writes nothing new. Returns the claims matched and the
 * events written.
 */
export async function importLedger(db: Db, text: string) {
  const rows = dogeLedgerRows(text);
  const byAward = new Map(
    rows.flatMap((r) => {
      const id = ledgerAwardId(r);
      return id ? [[id, r] as const] : [];
    }),
  );
  const ids = [...byAward.keys()];
  if (ids.length === 0) return { claims: 0, events: 0 };
  const claims = await db.execute<{ id: number; award_id: string }>(sql`
    with ledger(award_id) as (values ${sql.join(
      ids.map((id) => sql`(${id})`),
      sql`, `,
    )}),
    keyed as (select award_id, split_part(award_id, '_', 3) as piid,
      split_part(award_id, '_', 4) as agency, split_part(award_id, '_', 5) as parent,
      split_part(award_id, '_', 6) as parent_agency from ledger)
    select p.id::int as id, k.award_id from proposals p
    join keyed k on ${awardIdOf("p")} = k.award_id
      or (k.award_id like 'CONT_AWD_%' and p.kind = 'contract' and p.piid = k.piid
        and p.contracting_agency_id = k.agency and coalesce(p.parent_piid, '-NONE-') = k.parent
        and (p.parent_agency_id is null or p.parent_agency_id = k.parent_agency))
      or (k.award_id like 'ASST_NON_%' and p.agency_code = k.agency
        and (p.fain = k.piid or p.piid = k.piid))
    where p.retracted_at is null`);
  const events = claims.rows.flatMap((c) => {
    const row = byAward.get(c.award_id);
    const event = row ? ledgerEvent(row, c.id) : null;
    return event ? [event] : [];
  });
  const written = await recordOutcomeEvents(db, events);
  return { claims: claims.rows.length, events: written.length };
}

/** The ledger file of data/ as text. */
export function readLedger(data: URL): Promise<string> {
  return readFile(new URL(LEDGER_FILE, data), "utf8");
}
