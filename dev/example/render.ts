import type { ExampleResult } from "./worked-example.ts";

const usd = (amount: string) =>
  `$${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`.replace(/(\.\d+),/g, "$1");

/** The worked example as the Markdown METHODOLOGY.md holds. */
export function renderExample(r: ExampleResult): string {
  const lines = [
    `| | amount |`,
    `|---|---|`,
    `| claims in the list | ${r.rows} |`,
    `| claimed, as published | ${usd(r.claimed)} |`,
    `| claimed, each award once | ${usd(r.counted)} |`,
    `| verified, low (taken back after the claim) | ${usd(r.verifiedLow)} |`,
    `| verified, high (could still be taken back) | ${usd(r.verifiedHigh)} |`,
    `| potential avoided (unexercised options, not savings) | ${usd(r.potentialAvoided)} |`,
    "",
    `| status | claims | claimed |`,
    `|---|---|---|`,
    ...Object.entries(r.byStatus).map(([s, v]) => `| ${s} | ${v.claims} | ${usd(v.claimed)} |`),
  ];
  return lines.join("\n");
}
