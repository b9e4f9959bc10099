import Big from "big.js";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import ledgerCsv from "../../data/outcomes/nasa-ledger-2026-07-30.csv?raw";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";

const { close } = testDb();
afterAll(() => close());

type Claim = {
  id: number;
  piid: string | null;
  agency_code: string | null;
  contracting_agency_id: string | null;
  parent_piid: string | null;
  parent_agency_id: string | null;
  claimed_savings: string | null;
  outcome: string | null;
  outcome_on: string | null;
  divergence: string | null;
};
type Event = {
  id: number;
  kind: string;
  evidence: string;
  recorded_by: string;
  source_name: string;
  source_url: string;
  occurred_on: string | null;
  stated_divergence: string | null;
  current: boolean;
};
type Totals = {
  commission: string;
  agency_code: string | null;
  claims: number;
  checked_claims: number;
  checked: string;
  still_cut: string;
  not_cut: string;
  share_still_cut: string | null;
  by_outcome: Record<string, { claims: number; claimed: string }>;
};

type LedgerRow = Record<string, string>;
const ledger = (parse(ledgerCsv, { columns: true }) as LedgerRow[]).filter(
  (r) => r["Claiming Source"] === "DOGE",
);

/** The ledger's status as the outcome a reader should see, written out here from its README. */
const EXPECTED: Record<string, string | null> = {
  still_terminated: "terminated",
  naturally_expired: "expired",
  continued: "continued",
  descoped: "descoped",
  vacated: "vacated",
  reinstated: "reinstated",
  closed_out: "closed_out",
  // No evidence of an outcome: the claim shows none (its growth, where the ledger saw it, shows).
  no_termination_signal: null,
  excluded_by_design: null,
};

/**
 * The seed's claim of each DOGE-claimed ledger award, by USAspending's award key. DOGE's links
 * leave an order's parent agency blank: PIID, agency and parent PIID must agree.
 */
async function nasaClaims(): Promise<Map<string, Claim>> {
  const claims = new Map<string, Claim>();
  for (const row of ledger) {
    const key = /\/award\/([^/]+)\/?$/.exec(row.URL ?? "")?.[1] ?? "";
    const [, , piid, agency, parent, parentAgency] = key.split("_");
    const res = await call(`/v1/proposals?piid=${encodeURIComponent(piid ?? "")}`);
    // An assistance award's key is ASST_NON_<FAIN>_<agency>: DOGE listed 16 of them as contracts.
    const grant = key.startsWith("ASST_NON_");
    const claim = (await json<{ data: Claim[] }>(res)).data.find((c) =>
      grant
        ? c.agency_code === agency
        : c.contracting_agency_id === agency &&
          (c.parent_piid ?? "-NONE-") === parent &&
          (c.parent_agency_id === null || c.parent_agency_id === parentAgency),
    );
    if (claim) claims.set(key, claim);
  }
  return claims;
}

describe("outcomes from The Planetary Society's NASA ledger", () => {
  it("shows each of the 79 seeded NASA claims the outcome and divergence of its ledger row", async () => {
    const claims = await nasaClaims();
    const matched = ledger.flatMap((row) => {
      const key = /\/award\/([^/]+)\/?$/.exec(row.URL ?? "")?.[1] ?? "";
      const claim = claims.get(key);
      return claim ? [{ row, claim }] : [];
    });
    expect(matched).toHaveLength(79);
    for (const { row, claim } of matched) {
      const status = row.Status !== "listed" ? row.Status : row["Auto Status"];
      const growth =
        row["Amount Trend"] === "grew"
          ? "grew"
          : row["End Date Trend"] === "extended"
            ? "extended"
            : null;
      const expected = EXPECTED[status ?? ""] ?? growth;
      expect({ award: row["Award ID"], outcome: claim.outcome }).toEqual({
        award: row["Award ID"],
        outcome: expected,
      });
      // The ledger's own divergence, wherever the claim has evidence on record.
      expect({ award: row["Award ID"], divergence: claim.divergence }).toEqual({
        award: row["Award ID"],
        divergence: expected === null ? null : row["Claim Divergence"],
      });
    }
    const outcomes = matched.map((m) => m.claim.outcome);
    expect(outcomes.filter((o) => o === "terminated").length).toBeGreaterThan(50);
    expect(outcomes).toContain("continued");
    expect(outcomes).toContain("grew");
    expect(matched.filter((m) => m.claim.divergence === "claimed_but_grew").length).toBe(
      matched.filter((m) => m.row["Claim Divergence"] === "claimed_but_grew" && m.claim.outcome)
        .length,
    );
  });

  it("names the tracker on every event it gave, as its finding and with its award link", async () => {
    const claims = await nasaClaims();
    const row = ledger.find((r) => r["Award ID"] === "80GSFC24CA024");
    const claim = [...claims.values()].find((c) => c.piid === "80GSFC24CA024");
    if (!row || !claim) throw new Error("80GSFC24CA024 is in the ledger and the seed");
    const res = await call(`/v1/proposals/${claim.id}/outcomes`);
    expect(res.status).toBe(200);
    const body = await json<{ data: { outcome: string; divergence: string; events: Event[] } }>(
      res,
    );
    expect(body.data.outcome).toBe("continued");
    expect(body.data.divergence).toBe("claimed_but_grew");
    const [event] = body.data.events.filter((e) => e.evidence === "tracker_ledger");
    expect(event).toMatchObject({
      kind: "continued",
      recorded_by: "import",
      source_url: row.URL,
      occurred_on: "2026-06-18",
      stated_divergence: "claimed_but_grew",
      current: true,
    });
    expect(event?.source_name).toMatch(/The Planetary Society/);
  });

  it("filters claims by outcome and by divergence", async () => {
    const res = await call("/v1/proposals?commission=doge&outcome=continued&limit=100");
    const body = await json<{ data: Claim[] }>(res);
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((c) => c.outcome === "continued")).toBe(true);
    const grew = await json<{ data: Claim[] }>(
      await call("/v1/proposals?divergence=claimed_but_grew&limit=100"),
    );
    expect(grew.data.length).toBeGreaterThan(0);
    expect(grew.data.every((c) => c.divergence === "claimed_but_grew")).toBe(true);
    const bad = await call("/v1/proposals?outcome=cancelled");
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("outcome");
  });

  it("answers 404 for the outcomes of a claim that does not exist", async () => {
    const res = await call("/v1/proposals/999999999/outcomes");
    expect(res.status).toBe(404);
    await res.body?.cancel();
  });

  it("totals the checked claimed dollars by outcome, per commission and per agency, to the cent", async () => {
    const claims = await nasaClaims();
    const byAgency = await json<{ data: Totals[] }>(
      await call("/v1/outcomes/by-agency?commission=doge"),
    );
    const nasa = byAgency.data.find((r) => r.agency_code === "080");
    if (!nasa) throw new Error("NASA has checked claims");
    const live = await json<{ data: Claim[] }>(
      await call("/v1/proposals?commission=doge&agency=080&removed=false&limit=500"),
    );
    const checked = live.data.filter((c) => c.outcome !== null);
    const sum = (list: Claim[]) =>
      list.reduce((s, c) => s.plus(c.claimed_savings ?? "0"), new Big(0)).toString();
    expect(nasa.checked_claims).toBe(checked.length);
    expect(new Big(nasa.checked).toString()).toBe(sum(checked));
    const stillCut = checked.filter((c) =>
      ["terminated", "partially_terminated", "descoped", "closed_out", "expired"].includes(
        c.outcome ?? "",
      ),
    );
    expect(new Big(nasa.still_cut).toString()).toBe(sum(stillCut));
    expect(nasa.share_still_cut).toBe(new Big(sum(stillCut)).div(sum(checked)).toFixed(4));
    expect(claims.size).toBeGreaterThan(0);
    const commission = await json<{ data: Totals[] }>(
      await call("/v1/outcomes/by-commission?commission=doge"),
    );
    expect(commission.data).toHaveLength(1);
    expect(commission.data[0]?.checked_claims).toBeGreaterThanOrEqual(nasa.checked_claims);
    const csv = await call("/v1/outcomes/by-agency?commission=doge&format=csv");
    expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
    expect((await csv.text()).split("\r\n")[0]).toMatch(/^commission,agency_code,agency_name/);
  });
});

describe("lawsuits", () => {
  it("lists the 37 cases with their docket links and the agencies they name", async () => {
    const res = await call("/v1/cases?commission=doge");
    expect(res.status).toBe(200);
    const body = await json<{
      data: {
        docket: string;
        url: string;
        agencies: { agency_id: string; agency_code: string }[];
      }[];
    }>(res);
    expect(body.data).toHaveLength(37);
    expect(body.data.every((c) => c.url.startsWith("https://www.courtlistener.com/"))).toBe(true);
    const fema = body.data.find((c) => c.docket === "1:25-cv-00624");
    // FEMA is part of Homeland Security (070), and the case names both.
    expect(fema?.agencies.map((a) => a.agency_code)).toEqual(["070", "070"]);
    const education = await json<{ data: { docket: string }[] }>(
      await call("/v1/cases?agency=091"),
    );
    expect(education.data.map((c) => c.docket)).toContain("1:25-cv-00354");
  });
});

describe("the pages", () => {
  it("show a claim's outcome under 'What happened next', the tracker named as its source", async () => {
    const claims = await nasaClaims();
    const claim = [...claims.values()].find((c) => c.piid === "80GSFC24CA024");
    const res = await call(`/proposals/${claim?.id}`, { headers: { accept: "text/html" } });
    const html = await res.text();
    expect(html).toContain("What happened next");
    expect(html).toContain("The Planetary Society");
    expect(html).toContain("not cutwatch&#39;s");
    expect(html).toMatch(/claimed but grew/);
  });

  it("show an agency's outcomes and the lawsuits naming it", async () => {
    const nasa = await (await call("/agencies/080", { headers: { accept: "text/html" } })).text();
    expect(nasa).toMatch(/still cut/);
    const education = await (
      await call("/agencies/091", { headers: { accept: "text/html" } })
    ).text();
    expect(education).toContain("Lawsuits naming this agency");
    expect(education).toContain("1:25-cv-00354");
    expect(education).toContain("https://www.courtlistener.com/docket/");
  });
});
