import Big from "big.js";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencies } from "../../db/schema/index.ts";
import { compactMoney } from "../../worker/pages/format.ts";
import { testDb } from "../helpers/db.ts";
import { attributes, texts } from "../helpers/html.ts";
import { call, json } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

/**
 * The headline numbers are quoted by readers from whichever view they open: the dashboard, an
 * agency page, an embed, a CSV. Each must say what GET /v1/savings says, to the cent.
 */
const { db, close } = testDb();

const HTML = { Accept: "text/html" };
type Totals = {
  claims: number;
  claimed: string;
  claimed_checkable: string;
  claimed_unverifiable: string;
  verified_low: string;
  verified_high: string;
  taken_back: string;
  not_ruled_out: string;
  claimed_contradicted: string;
  contradicted_record_allows: string;
  by_status?: Record<string, { claims: number; claimed: string }>;
};

let slug = "";
// An agency of this file's own, so no other test's claims reach its page.
const code = `9${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;

beforeAll(async () => {
  await db.insert(agencies).values({ code, name: `Test Agency ${code}`, abbreviation: "TA" });
  const at = { agencyCode: code, agencyName: `Test Agency ${code}`, claimDate: "2025-03-01" };
  ({ slug } = await makeProposals(db, [
    {
      ...at,
      claimedSavings: "100.00",
      assessment: { status: "supported", low: "100", high: "100" },
    },
    {
      ...at,
      claimedSavings: "800.00",
      assessment: { status: "unconfirmed", low: "50", high: "800" },
    },
    {
      ...at,
      claimedSavings: "1000000.00",
      assessment: { status: "exceeds_record", low: "0", high: "2000", ceilingCut: "999999" },
    },
    // The USAID kind of receipt: a large claim no record can check. It must verify nothing.
    {
      ...at,
      claimedSavings: "12751000000.00",
      assessment: { status: "unverifiable", low: null, high: null },
    },
    { ...at, claimedSavings: "5000", assessment: { status: "not_found", low: null, high: null } },
    {
      ...at,
      claimedSavings: "0",
      assessment: { status: "no_saving_claimed", low: null, high: null },
    },
    { ...at, claimedSavings: "100.00", assessment: { status: "duplicate", low: null, high: null } },
    { ...at, claimedSavings: "7.50" },
  ]));
});
afterAll(async () => {
  await close();
});

const summary = async () =>
  (await json<{ data: Totals[] }>(await call(`/v1/savings/summary?commission=${slug}`))).data[0];
const byAgency = async () =>
  (await json<{ data: Totals[] }>(await call(`/v1/savings/by-agency?agency=${code}`))).data[0];
const html = async (path: string) => (await call(path, { headers: HTML })).text();

/** The exact totals a page carries on its headline figures. */
async function pageTotals(body: string) {
  const [claimed] = await attributes(body, '[data-total="claimed"]', "data-amount");
  const [checkable] = await attributes(body, '[data-total="checkable"]', "data-amount");
  const [takenBack] = await attributes(body, '[data-total="taken-back"]', "data-amount");
  const [notRuledOut] = await attributes(body, '[data-total="not-ruled-out"]', "data-amount");
  return {
    claimed,
    claimed_checkable: checkable,
    taken_back: takenBack,
    not_ruled_out: notRuledOut,
  };
}

const exact = (t: Totals | undefined) => ({
  claimed: t?.claimed,
  claimed_checkable: t?.claimed_checkable,
  taken_back: t?.taken_back,
  not_ruled_out: t?.not_ruled_out,
});

describe("the totals, wherever a reader finds them", () => {
  it("count a claim no record can check as unverifiable dollars, never as verified", async () => {
    const t = await summary();
    expect(new Big(t?.claimed ?? "0").eq("12752005907.50")).toBe(true);
    expect(new Big(t?.claimed_unverifiable ?? "0").eq("12751000000")).toBe(true);
    expect(new Big(t?.claimed_checkable ?? "0").eq("1000900")).toBe(true);
    // 100 + 50 taken back; 100 + 800 not ruled out: not the $12.75 B. The $1 M claim its record
    // contradicts adds to neither; its record's 2,000 is reported apart.
    expect(new Big(t?.taken_back ?? "-1").eq(150)).toBe(true);
    expect(new Big(t?.not_ruled_out ?? "-1").eq(900)).toBe(true);
    expect(new Big(t?.claimed_contradicted ?? "-1").eq(1000000)).toBe(true);
    expect(new Big(t?.contradicted_record_allows ?? "-1").eq(2000)).toBe(true);
    // Version 2's fields stay one version, deprecated: the high end counted the contradicted.
    expect(new Big(t?.verified_low ?? "-1").eq(150)).toBe(true);
    expect(new Big(t?.verified_high ?? "-1").eq(2900)).toBe(true);
    expect(t?.by_status?.unverifiable).toEqual({ claims: 1, claimed: "12751000000.00" });
    expect(t?.by_status?.not_assessed).toEqual({ claims: 1, claimed: "7.50" });
  });

  it("are the same on the dashboard, in figures and in its verdict table", async () => {
    const t = await summary();
    const body = await html(`/?commission=${slug}`);
    expect(await pageTotals(body)).toEqual(exact(t));
    const [verified] = await texts(body, '[data-total="taken-back"] .value');
    expect(verified).toBe(compactMoney(t?.taken_back));
    // $150 of $12.75 B: a share too small for whole percents reads as such, never as "0%".
    const [note] = await texts(body, '[data-total="taken-back"] .note');
    expect(note).toContain("$150.00, under 0.1% of what is claimed: the only verified figure");
    const statuses = await attributes(body, "#by-status tbody tr", "data-status");
    const amounts = await attributes(body, "#by-status tbody tr", "data-amount");
    const table = Object.fromEntries(statuses.map((s, i) => [s, amounts[i]]));
    expect(table).toEqual(
      Object.fromEntries(Object.entries(t?.by_status ?? {}).map(([s, v]) => [s, v.claimed])),
    );
  });

  it("are the same in the summary's CSV", async () => {
    const t = await summary();
    const res = await call(`/v1/savings/summary?commission=${slug}&format=csv`);
    const [row] = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(exact(row as unknown as Totals)).toEqual(exact(t));
  });

  it("are the same on the commission's embed", async () => {
    const t = await summary();
    expect(await pageTotals(await html(`/embed/summary?commission=${slug}`))).toEqual(exact(t));
  });

  it("are the same on the agency's page and embed as the by-agency rollup", async () => {
    const a = await byAgency();
    expect(a?.claims).toBe(8);
    expect(await pageTotals(await html(`/agencies/${code}`))).toEqual(exact(a));
    expect(await pageTotals(await html(`/embed/agency/${code}`))).toEqual(exact(a));
  });

  it("list only claims checked against a record among those beyond the record", async () => {
    const body = await html(`/?commission=${slug}`);
    const rows = await texts(body, "#overstated-claims tbody tr");
    // The exceeds_record claim, and not the unverifiable or not_found ones.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("$1.00 M");
  });
});
