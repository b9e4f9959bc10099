import * as v from "valibot";
import { normalizeName, type ProposalDraft, type ReceiptDates } from "../../domain/draft.ts";
import { sumDecimals, toDecimal } from "../../lib/money.ts";
import { withoutControls } from "../../lib/text.ts";

/**
 * DOGE receipts (GET /savings/contracts|grants|leases) and how each becomes a proposal draft.
 *
 * Natural keys (the identity a receipt keeps from one fetch to the next):
 * - contract with an FPDS link: `contract:fpds:<agencyID>:<PIID>:<idvAgencyID>:<idvPIID>`. A PIID
 *   alone repeats across agencies and parent vehicles; the modNumber is left out because DOGE
 *   moves a receipt's link to newer modifications.
 * - contract with a PIID but no link: `contract:piid:<agency>:<PIID>`.
 * - contract with no identifier ("Unavailable", "Charge Card Purchase", none): such receipts
 *   cannot be told apart from one list to the next (DOGE edits their values, re-dates them, adds
 *   and drops them), so they are one pool per label and agency: `contract:pool:<label>:<agency>`,
 *   with `receiptCount` receipts, `claimedSavings` and `claimedValue` their sums and
 *   `receiptDates` their distribution by claim date. A change to the pool is one version of it,
 *   never a removal or a new claim. (Before pools, such receipts were counted groups keyed on
 *   every field, `contract:group:…`; a sync retires those rows, see sync.ts.)
 * - grant with a USAspending link: `grant:award:<generated_unique_award_id>`; with neither link
 *   nor recipient, a pool `grant:pool:NONE:<agency>`; otherwise
 *   `grant:<agency>:<recipient>:<date>:<value>`.
 * - lease (no id at all): `lease:<location>:<sq_ft>`, the building and the space in it. The lists
 *   renamed the agency of a lease (DEPARTMENT OF DEFENSE → DOD DISA, FARM SERVICE AGENCY - COUNTY
 *   → USDA FSA - COUNTY) and re-dated it from one list to the next; with those in its key, 221
 *   leases of 2025 were reported removed and listed anew on the same day. Now such an edit is a
 *   change of the lease. (Keys of the older form are rewritten by migration 0011.)
 * When distinct receipts of one fetch share a key (the same contract listed twice), the later
 * ones get `#2`, `#3`… in a stable order (date, value, savings, vendor, description).
 */

export type ReceiptKind = "contracts" | "grants" | "leases";

// Numbers arrive as their exact source text (see parseJsonKeepingNumbers); plain numbers are
// accepted too, for callers that parsed with JSON.parse.
const Amount = v.pipe(
  v.union([v.string(), v.number()]),
  v.transform(String),
  v.regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, "expected a number"),
  v.transform(toDecimal),
);
// Absent, null and blank all mean "not given". Control characters (terminal escapes) are
// dropped; a field longer than `max` (far beyond any real one: the longest description of the
// archived lists is under 4,000 characters) fails the receipt, and with it the run.
const OptionalText = (max: number) =>
  v.optional(
    v.pipe(
      v.nullable(v.string()),
      v.transform((s) => (s == null ? null : withoutControls(s).trim() || null)),
      v.check((s) => s == null || s.length <= max, `must be at most ${max} characters`),
    ),
    null,
  );
/** Names (agency, vendor, recipient, location), identifiers and links; descriptions. */
const NAME = 1_000;
const ID = 200;
const LINK = 2_000;
const DESCRIPTION = 20_000;
const UsDate = v.optional(
  v.pipe(
    v.nullable(v.string()),
    v.check((s) => !s?.trim() || usDateToIso(s) !== null, "expected a M/D/YYYY date"),
    v.transform((s) => (s?.trim() ? usDateToIso(s) : null)),
  ),
  null,
);

export const ContractReceiptSchema = v.object({
  piid: OptionalText(ID),
  agency: OptionalText(NAME),
  vendor: OptionalText(NAME),
  value: v.optional(v.nullable(Amount), null),
  description: OptionalText(DESCRIPTION),
  fpds_status: OptionalText(NAME),
  fpds_link: OptionalText(LINK),
  deleted_date: UsDate,
  savings: Amount,
});

export const GrantReceiptSchema = v.object({
  date: UsDate,
  agency: OptionalText(NAME),
  recipient: OptionalText(NAME),
  value: v.optional(v.nullable(Amount), null),
  savings: Amount,
  link: OptionalText(LINK),
  description: OptionalText(DESCRIPTION),
});

export const LeaseReceiptSchema = v.object({
  date: UsDate,
  location: OptionalText(NAME),
  sq_ft: v.optional(
    v.nullable(
      v.pipe(
        Amount,
        v.transform((s) => Math.round(Number(s))),
      ),
    ),
    null,
  ),
  description: OptionalText(DESCRIPTION),
  value: v.optional(v.nullable(Amount), null),
  savings: Amount,
  agency: OptionalText(NAME),
});

export type ContractReceipt = v.InferOutput<typeof ContractReceiptSchema>;
export type GrantReceipt = v.InferOutput<typeof GrantReceiptSchema>;
export type LeaseReceipt = v.InferOutput<typeof LeaseReceiptSchema>;

/** "4/14/2025" → "2025-04-14"; null when it is not a real calendar date. */
export function usDateToIso(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return null;
  }
  return d.toISOString().slice(0, 10);
}

/** `prefix:PART:PART…` with each part normalized; a missing part is "-". */
function keyOf(prefix: string, parts: (string | number | null | undefined)[]): string {
  return [
    prefix,
    ...parts.map((p) => (p == null || p === "" ? "-" : normalizeName(String(p)))),
  ].join(":");
}

/**
 * A PIID re-typed as an amount by a spreadsheet ("200,202,419,659.00" on 2025-04-16, where
 * 2025-04-12 wrote 200202419659) is the number it was; any other PIID is left as written.
 */
export function untypedPiid(piid: string): string {
  const t = piid.trim();
  return /^\d{1,3}(,\d{3})+(\.0+)?$|^\d+\.0+$/.test(t)
    ? t.replace(/,/g, "").replace(/\.0+$/, "")
    : t;
}

const UNIDENTIFIED_PIIDS = new Set(["UNAVAILABLE", "CHARGE CARD PURCHASE"]);

type FpdsLink = {
  agencyId: string;
  piid: string;
  modNumber: string | null;
  idvAgencyId: string | null;
  idvPiid: string | null;
};

/** The parts of an FPDS ezsearch link that identify a contract; null when it has none. */
export function parseFpdsLink(link: string | null): FpdsLink | null {
  if (!link) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const p = url.searchParams;
  const part = (name: string) => p.get(name)?.trim() || null;
  const agencyId = part("agencyID");
  const piid = part("PIID");
  if (!agencyId || !piid) return null;
  return {
    agencyId,
    piid,
    modNumber: part("modNumber"),
    idvAgencyId: part("idvAgencyID"),
    idvPiid: part("idvPIID"),
  };
}

/**
 * USAspending's `generated_unique_award_id` for a contract, when every part of it is known.
 * A task order whose link omits the parent's agency cannot be named exactly; the job looks it
 * up by PIID instead.
 */
export function contractAwardId(link: FpdsLink): string | null {
  if (!link.idvPiid) return `CONT_AWD_${link.piid}_${link.agencyId}_-NONE-_-NONE-`;
  if (!link.idvAgencyId) return null;
  return `CONT_AWD_${link.piid}_${link.agencyId}_${link.idvPiid}_${link.idvAgencyId}`;
}

/** The award id at the end of a USAspending award URL, and the FAIN inside it. */
export function parseUsaspendingLink(
  link: string | null,
): { awardId: string; fain: string | null } | null {
  if (!link) return null;
  const m = /usaspending\.gov\/award\/([^/?#]+)/i.exec(link);
  if (!m?.[1]) return null;
  const awardId = decodeURIComponent(m[1]);
  const fain = /^ASST_(?:NON|AGG)_(.+)_[^_]+$/.exec(awardId)?.[1] ?? null;
  return { awardId, fain };
}

const EMPTY_IDS = {
  piid: null,
  contractingAgencyId: null,
  parentPiid: null,
  parentAgencyId: null,
  modNumber: null,
  fain: null,
  awardId: null,
  leaseLocation: null,
  leaseSqFt: null,
  receiptDates: null,
} as const;

export function contractDraft(r: ContractReceipt): ProposalDraft {
  const link = parseFpdsLink(r.fpds_link);
  const piid = r.piid ? untypedPiid(r.piid) : null;
  const unidentified = !piid || UNIDENTIFIED_PIIDS.has(normalizeName(piid));
  let naturalKey: string;
  if (link && !unidentified) {
    naturalKey = keyOf("contract:fpds", [link.agencyId, link.piid, link.idvAgencyId, link.idvPiid]);
  } else if (!unidentified) {
    naturalKey = keyOf("contract:piid", [r.agency, piid]);
  } else {
    naturalKey = keyOf(POOL_PREFIX.contract, [piid ?? "NONE", r.agency]);
  }
  const ids = link && !unidentified ? link : null;
  return {
    ...EMPTY_IDS,
    kind: "contract",
    naturalKey,
    agencyName: r.agency,
    title: r.description ?? r.vendor ?? "Contract",
    description: r.description,
    recipient: r.vendor,
    piid: unidentified ? null : piid,
    contractingAgencyId: ids?.agencyId ?? null,
    parentPiid: ids?.idvPiid ?? null,
    parentAgencyId: ids?.idvAgencyId ?? null,
    modNumber: ids?.modNumber ?? null,
    awardId: ids ? contractAwardId(ids) : null,
    claimedSavings: r.savings,
    claimedValue: r.value ?? null,
    claimDate: r.deleted_date,
    receiptCount: 1,
    sourceUrl: r.fpds_link,
    sourceStatus: r.fpds_status,
  };
}

export function grantDraft(r: GrantReceipt): ProposalDraft {
  const award = parseUsaspendingLink(r.link);
  const naturalKey = award
    ? keyOf("grant:award", [award.awardId])
    : r.recipient
      ? keyOf("grant", [r.agency, r.recipient, r.date, r.value])
      : keyOf(POOL_PREFIX.grant, ["NONE", r.agency]);
  return {
    ...EMPTY_IDS,
    kind: "grant",
    naturalKey,
    agencyName: r.agency,
    title: r.description ?? r.recipient ?? "Grant",
    description: r.description,
    recipient: r.recipient,
    fain: award?.fain ?? null,
    awardId: award?.awardId ?? null,
    claimedSavings: r.savings,
    claimedValue: r.value ?? null,
    claimDate: r.date,
    receiptCount: 1,
    sourceUrl: r.link,
    sourceStatus: null,
  };
}

export function leaseDraft(r: LeaseReceipt): ProposalDraft {
  const place = r.location ?? "unknown location";
  const size = r.sq_ft != null ? ` (${r.sq_ft.toLocaleString("en-US")} sq ft)` : "";
  return {
    ...EMPTY_IDS,
    kind: "lease",
    naturalKey: keyOf("lease", [r.location, r.sq_ft]),
    agencyName: r.agency,
    title: `Lease: ${place}${size}`,
    description: r.description,
    recipient: null,
    leaseLocation: r.location,
    leaseSqFt: r.sq_ft ?? null,
    claimedSavings: r.savings,
    claimedValue: r.value ?? null,
    claimDate: r.date,
    receiptCount: 1,
    sourceUrl: null,
    sourceStatus: null,
  };
}

/**
 * Validate raw receipts (as parsed from the upstream body) and turn them into drafts with unique
 * natural keys. Throws a ValiError naming the first bad receipt: a malformed list changes nothing.
 */
export function receiptsToDrafts(
  kind: ReceiptKind,
  raw: unknown[],
  extras?: readonly (Record<string, string> | undefined)[],
): ProposalDraft[] {
  const toDraft = TO_DRAFT[kind];
  return assignUniqueKeys(
    raw.map((item, i) => {
      const draft = toDraft(item);
      const extra = extras?.[i];
      return extra && Object.keys(extra).length > 0 ? { ...draft, sourceExtra: extra } : draft;
    }),
  );
}

const TO_DRAFT: Record<ReceiptKind, (item: unknown) => ProposalDraft> = {
  contracts: (item) => contractDraft(v.parse(ContractReceiptSchema, item)),
  grants: (item) => grantDraft(v.parse(GrantReceiptSchema, item)),
  leases: (item) => leaseDraft(v.parse(LeaseReceiptSchema, item)),
};

function assignUniqueKeys(drafts: ProposalDraft[]): ProposalDraft[] {
  const byKey = new Map<string, ProposalDraft[]>();
  for (const d of drafts) {
    const same = byKey.get(d.naturalKey);
    if (same) same.push(d);
    else byKey.set(d.naturalKey, [d]);
  }
  const out: ProposalDraft[] = [];
  for (const [key, same] of byKey) {
    if (isPoolKey(key)) {
      out.push(poolOf(same));
      continue;
    }
    same.sort(compareReceipts);
    same.forEach((d, i) => {
      out.push(i === 0 ? d : { ...d, naturalKey: `${key}#${i + 1}` });
    });
  }
  return out;
}

const POOL_PREFIX = { contract: "contract:pool", grant: "grant:pool" } as const;

/** Whether a natural key names a pool of unidentified receipts. */
export const isPoolKey = (key: string) => /^(contract|grant):pool:/.test(key);

const POOL_LABELS: Record<string, string> = {
  UNAVAILABLE: '"Unavailable" (withheld for legal reasons)',
  "CHARGE CARD PURCHASE": '"Charge Card Purchase"',
  NONE: "no identifier",
};

/**
 * One pool from the receipts of one label and agency: their count, their claims and values
 * summed, their distribution by claim date. Fields that differ between receipts (vendor,
 * description, date, link) are not the pool's; the first receipt's agency name and status stand.
 */
function poolOf(receipts: ProposalDraft[]): ProposalDraft {
  const first = receipts[0] as ProposalDraft;
  const label = first.naturalKey.split(":")[2] ?? "NONE";
  const dates: ReceiptDates = {};
  for (const r of [...receipts].sort((a, b) =>
    (a.claimDate ?? "").localeCompare(b.claimDate ?? ""),
  )) {
    const day = r.claimDate ?? "undated";
    const entry = dates[day] ?? { receipts: 0, savings: "0" };
    dates[day] = {
      receipts: entry.receipts + 1,
      savings: sumDecimals([entry.savings, r.claimedSavings]),
    };
  }
  const values = receipts.map((r) => r.claimedValue).filter((v) => v !== null);
  const kind = first.kind === "grant" ? "grants" : "contracts";
  return {
    ...first,
    title: `${first.agencyName ?? "Unnamed agency"}: ${kind} listed with ${POOL_LABELS[label] ?? label}`,
    description: null,
    recipient: null,
    claimedSavings: sumDecimals(receipts.map((r) => r.claimedSavings)),
    claimedValue: values.length ? sumDecimals(values) : null,
    claimDate: null,
    receiptCount: receipts.length,
    receiptDates: dates,
    sourceUrl: null,
    // Many records, not one: no record's extra columns are the pool's.
    sourceExtra: null,
  };
}

function compareReceipts(a: ProposalDraft, b: ProposalDraft): number {
  const fields = [
    [a.claimDate ?? "", b.claimDate ?? ""],
    [a.claimedValue ?? "", b.claimedValue ?? ""],
    [a.claimedSavings, b.claimedSavings],
    [a.recipient ?? "", b.recipient ?? ""],
    [a.description ?? "", b.description ?? ""],
    [a.sourceUrl ?? "", b.sourceUrl ?? ""],
  ] as const;
  for (const [x, y] of fields) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
