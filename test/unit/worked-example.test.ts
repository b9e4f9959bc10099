/// <reference types="vite/client" />
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
// A gzip file is binary: `?raw` would decode it as UTF-8 and break it, so Vite inlines it as a
// base64 data URL and the test inflates it the way a Worker would (DecompressionStream).
import archiveGz from "../../data/archive/contracts-2025-04-04.csv.gz?url&inline";
import listCsv from "../../data/fpds/doge-contracts-2025-03-05.csv?raw";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import commissions from "../../data/reference/commissions.json?raw";
import { renderArchiveExample, renderFpdsExample } from "../../dev/example/render.ts";
import {
  archiveExample,
  type ExampleResult,
  fpdsExample,
} from "../../dev/example/worked-example.ts";
import { fpdsMoney as money } from "../../dev/fpds.ts";
import methodology from "../../METHODOLOGY.md?raw";

const start: string = JSON.parse(commissions).find(
  (c: { slug: string }) => c.slug === "doge",
).established_on;

async function gunzip(dataUrl: string): Promise<string> {
  const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(",") + 1)), (c) =>
    c.charCodeAt(0),
  );
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

const section = (name: string) =>
  new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(methodology)?.[1];

/** Σ of a column over some rows, read here on its own (not through the example's code). */
const sum = (rows: Record<string, string>[], column: string) =>
  rows.reduce((s, r) => s.plus(r[column]?.trim() || "0"), new Big(0)).toFixed(2);

describe("the worked example of METHODOLOGY.md: DOGE's list of 2025-04-04", () => {
  let csv: string;
  let rows: Record<string, string>[];
  let r: ExampleResult;
  beforeAll(async () => {
    csv = await gunzip(archiveGz);
    rows = parse(csv, { columns: true, bom: true });
    r = archiveExample(csv, start);
  });

  it("is reproduced by the computation, to the cent", () => {
    expect(section("worked-example")).toBe(renderArchiveExample(r));
  });

  it("counts every receipt and claims what the list claims", () => {
    expect(r.rows).toBe(6764);
    expect(r.rows).toBe(rows.length);
    expect(r.totals.claimed_as_published).toBe(sum(rows, "savings"));
    // The contract values are shown beside, as their own total, never as the claim.
    expect(r.value).toBe(sum(rows, "value"));
    expect(r.value).not.toBe(r.totals.claimed_as_published);
  });

  it("finds no award for receipts that name none, and only those", () => {
    const noAward = rows.filter(
      (row) =>
        ["Unavailable", "Charge Card Purchase"].includes(row.piid?.trim() ?? "") ||
        !row.fpds_link?.trim(),
    );
    expect(r.totals.claimed_unverifiable).toBe(sum(noAward, "savings"));
  });

  it("sorts every receipt into one status, each dollar once", () => {
    const statuses = Object.values(r.byStatus);
    expect(statuses.reduce((n, s) => n + s.claims, 0)).toBe(rows.length);
    expect(statuses.reduce((s, x) => s.plus(x.claimed), new Big(0)).toFixed(2)).toBe(
      r.totals.claimed_as_published,
    );
    const zero = rows.filter((row) => new Big(row.savings ?? "0").eq(0));
    expect(r.byStatus.no_saving_claimed?.claims).toBe(zero.length);
    // Each award once: the published total less the duplicates, no more.
    expect(new Big(r.totals.claimed).plus(r.byStatus.duplicate?.claimed ?? "0").toFixed(2)).toBe(
      r.totals.claimed_as_published,
    );
  });

  it("verifies no more than can be checked, nor than the record took back", () => {
    const t = r.totals;
    expect(new Big(t.verified_low).lte(t.verified_high)).toBe(true);
    expect(new Big(t.verified_high).lte(t.claimed_checkable)).toBe(true);
    expect(new Big(t.claimed_checkable).plus(t.claimed_unverifiable).lte(t.claimed)).toBe(true);
    // Every deobligation in the list, by when it was signed (MM/DD/YYYY): the low bound can
    // count at most those since the commission's start, and the rest are reported apart.
    let since = new Big(0);
    let before = new Big(0);
    for (const row of rows) {
      const [m, d, y] = (row.date_signed ?? "").split("/");
      const amount = new Big(row.amount_obligated?.trim() || "0");
      if (!y || amount.gte(0)) continue;
      if (`${y}-${m?.padStart(2, "0")}-${d?.padStart(2, "0")}` >= start)
        since = since.minus(amount);
      else before = before.minus(amount);
    }
    expect(new Big(t.verified_low).lte(since)).toBe(true);
    expect(new Big(r.deobligatedBeforeStart).lte(before)).toBe(true);
    expect(new Big(r.deobligatedBeforeStart).gt(0)).toBe(true);
  });
});

describe("the worked example of METHODOLOGY.md: contract values of DOGE's list of 2025-03-05", () => {
  const r = fpdsExample(listCsv, fpdsCsv, start);

  it("is reproduced by the computation, to the cent", () => {
    expect(section("worked-example-fpds")).toBe(renderFpdsExample(r));
  });

  it("lists the contract values the list lists: $18.92 B", () => {
    expect(r.totals.claimed_as_published).toBe("18917125204.00");
    // VALUE is a contract value: the section never calls it a claim.
    expect(renderFpdsExample(r)).not.toMatch(/\bclaim(ed|s)?\b/);
  });

  it("finds no award for rows whose link names none: blank, or a search page", () => {
    const rows = parse(listCsv, { columns: true, bom: true }) as Record<string, string>[];
    const noAward = rows.filter((row) => !/[?&]PIID=[^&]/.test(row.LINK ?? ""));
    expect(noAward.length).toBe(r.byStatus.unverifiable?.claims);
    const values = noAward.map((row) => ({ v: (row.VALUE ?? "").replace(/[$,\s]/g, "") }));
    expect(r.totals.claimed_unverifiable).toBe(sum(values, "v"));
  });

  it("reads FPDS money strictly: blank is unknown, parentheses are negative", () => {
    expect(money("$249,000.00 ")).toBe("249000.00");
    expect(money("")).toBeNull();
    expect(money("($1,000.50)")).toBe("-1000.50");
    expect(money("-$5.00")).toBe("-5.00");
    expect(money("n/a")).toBeNull();
  });
});
