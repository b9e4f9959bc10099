/**
 * Reading FPDS records (data/fpds/) the same way everywhere: the USAspending stand-in and the
 * worked example of METHODOLOGY.md.
 */

/** "$1,234.50 " → "1234.50"; "($5.00)" or "-$5.00" → "-5.00"; blank → null (unknown, never zero). */
export function fpdsMoney(text: string | undefined): string | null {
  const t = (text ?? "").trim();
  if (!t) return null;
  const negative = /^\(.*\)$/.test(t) || t.startsWith("-");
  const digits = t.replace(/[($),\s-]/g, "");
  if (!/^\d+(\.\d+)?$/.test(digits)) return null;
  return negative ? `-${digits}` : digits;
}

/** FPDS "2/26/21", "2/26/2021" or ISO "2021-02-26" → "2021-02-26"; blank → null. */
export function fpdsDate(text: string | undefined): string | null {
  const t = (text ?? "").trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?!\d)/.exec(t);
  if (!m) return null;
  const year = m[3]?.length === 2 ? `20${m[3]}` : m[3];
  return `${year}-${m[1]?.padStart(2, "0")}-${m[2]?.padStart(2, "0")}`;
}

export type FpdsLink = { piid: string; agency: string; parentPiid: string; parentAgency: string };

/** The identifiers an FPDS link carries, or null for a missing or malformed link. */
export function fpdsLink(link: string | undefined): FpdsLink | null {
  const text = (link ?? "").trim();
  if (!URL.canParse(text)) return null;
  const q = new URL(text).searchParams;
  return {
    piid: q.get("PIID") ?? "",
    agency: q.get("agencyID") ?? "",
    parentPiid: q.get("idvPIID") ?? "",
    parentAgency: q.get("idvAgencyID") ?? "",
  };
}

/** USAspending's contract key: `CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>`. */
export function contractAwardId(l: FpdsLink): string {
  return `CONT_AWD_${l.piid}_${l.agency}_${l.parentPiid || "-NONE-"}_${l.parentAgency || "-NONE-"}`;
}
