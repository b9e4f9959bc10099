import type { ExampleResult } from "./worked-example.ts";

const usd = (amount: string) =>
  `$${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`.replace(/(\.\d+),/g, "$1");

/** The archive example (2025-04-04 list, claims against records) as METHODOLOGY.md holds it. */
export function renderArchiveExample(r: ExampleResult): string {
  const t = r.totals;
  return [
    `| | amount |`,
    `|---|---|`,
    `| receipts in the list | ${r.rows} |`,
    `| claimed, as published | ${usd(t.claimed_as_published)} |`,
    `| claimed, each award once | ${usd(t.claimed)} |`,
    `| claimed, checkable against an award record | ${usd(t.claimed_checkable)} |`,
    `| claimed, naming no award (unverifiable) | ${usd(t.claimed_unverifiable)} |`,
    `| claimed, naming an award with no record (not_found) | ${usd(r.byStatus.not_found?.claimed ?? "0.00")} |`,
    `| verified, low (taken back since the commission's start) | ${usd(t.verified_low)} |`,
    `| verified, high (taken back, or obligated and not known paid) | ${usd(t.verified_high)} |`,
    `| taken back before the commission's start (not its saving) | ${usd(r.deobligatedBeforeStart)} |`,
    `| the commission's measure: ceiling cuts on record (not verified) | ${usd(t.ceiling_cut)} |`,
    `| potential avoided (unexercised options, not savings) | ${usd(t.potential_avoided)} |`,
    `| contract value listed beside the claims (not a claim) | ${usd(r.value)} |`,
    "",
    ...statusTable(r, "claimed", "contract value"),
    "",
    `| how the rows were read | receipts |`,
    `|---|---|`,
    `| task orders whose parent agency was taken from the record | ${r.parentsCompleted} |`,
    `| duplicates: a later claim of an award already claimed | ${r.duplicates.sameAward} |`,
    `| duplicates: task orders counted under their agency's claimed vehicle | ${r.duplicates.underVehicle} |`,
  ].join("\n");
}

/** The 2025-03-05 example (contract values against records) as METHODOLOGY.md holds it. */
export function renderFpdsExample(r: ExampleResult): string {
  const t = r.totals;
  return [
    `| | amount |`,
    `|---|---|`,
    `| rows in the list | ${r.rows} |`,
    `| contract value, as listed | ${usd(t.claimed_as_published)} |`,
    `| contract value, each award once | ${usd(t.claimed)} |`,
    `| contract value, checkable against an award record | ${usd(t.claimed_checkable)} |`,
    `| contract value, naming no award (unverifiable) | ${usd(t.claimed_unverifiable)} |`,
    `| contract value, naming an award with no record (not_found) | ${usd(r.byStatus.not_found?.claimed ?? "0.00")} |`,
    `| on record, low (taken back since the commission's start) | ${usd(t.verified_low)} |`,
    `| on record, high (taken back, or obligated and not known paid) | ${usd(t.verified_high)} |`,
    `| taken back before the commission's start | ${usd(r.deobligatedBeforeStart)} |`,
    `| ceiling cuts on record | ${usd(t.ceiling_cut)} |`,
    `| potential avoided (unexercised options, not savings) | ${usd(t.potential_avoided)} |`,
    "",
    ...statusTable(r, "contract value"),
  ].join("\n");
}

/** Every status of version 2 in its order, empty ones too: a zero is a finding. */
function statusTable(r: ExampleResult, amount: string, beside?: string): string[] {
  const head = beside
    ? `| status | receipts | ${amount} | ${beside} |`
    : `| status | rows | ${amount} |`;
  return [
    head,
    beside ? `|---|---|---|---|` : `|---|---|---|`,
    ...Object.entries(r.byStatus).map(
      ([s, v]) => `| ${s} | ${v.claims} | ${usd(v.claimed)} |${beside ? ` ${usd(v.value)} |` : ""}`,
    ),
  ];
}
