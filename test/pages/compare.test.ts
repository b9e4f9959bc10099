import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import assessmentsCsv from "../../data/assessments/assessments.csv?raw";
import costsCsv from "../../data/assessments/costs.csv?raw";
import { attributes, texts } from "../helpers/html.ts";
import { call, json } from "../helpers/http.ts";

const HTML = { Accept: "text/html" };
const page = (path: string) => call(path, { headers: HTML });

const rows = parse(assessmentsCsv, { columns: true }) as Record<string, string>[];
const costs = parse(costsCsv, { columns: true }) as Record<string, string>[];

/** The share a reader should see, computed from the raw row alone (whole percent). */
function expectedShare(row: Record<string, string>): string {
  if (row.assessor_kind === "self-reported") return "its own claim; no independent check";
  const claimed = Number(row.claimed);
  const pct = (x: string | undefined) => (x ? `${Math.round((Number(x) / claimed) * 100)}%` : null);
  const low = row.claimed ? pct(row.assessed_low) : null;
  const high = row.claimed ? pct(row.assessed_high) : null;
  if (low === null && high === null) return "no share: the check gives no figure";
  return low === high ? `${low}` : `${low} – ${high}`;
}

describe("GET /commissions/compare", () => {
  it("shows every commission of the assessments file, each check with its share of the claim it checked", async () => {
    const res = await page("/commissions/compare");
    expect(res.status).toBe(200);
    const html = await res.text();
    // Other test files add checks to commissions of their own: only the file's are counted here.
    const fileSlugs = new Set(rows.map((r) => r.commission));
    const slugs = await attributes(html, "#commission-comparison tbody tr", "data-commission");
    expect(new Set(slugs.filter((s) => fileSlugs.has(s ?? "")))).toEqual(fileSlugs);
    expect(slugs.filter((s) => fileSlugs.has(s ?? ""))).toHaveLength(rows.length);
    const shares = await texts(html, "#commission-comparison tbody td[data-share-low]");
    const sources = await attributes(html, "#commission-comparison tbody tr", "data-source");
    // The page lists commissions in the order they were added, each one's checks by date.
    for (const row of rows) {
      const i = sources.indexOf(row.url ?? "");
      expect(i, row.assessor).toBeGreaterThanOrEqual(0);
      expect(shares[i], row.assessor).toBe(expectedShare(row));
    }
  });

  it("keeps the UK programme in pounds: the NAO found 26% – 77% of £13.30 B", async () => {
    const html = await (await page("/commissions/compare")).text();
    const [uk] = await texts(html, '#commission-comparison tr[data-commission="gershon-review"]');
    expect(uk).toContain("£13.30 B");
    expect(uk).toContain("£3.50 B – £10.20 B");
    expect(uk).toContain("26% – 77%");
    expect(uk).not.toContain("$");
  });

  it("gives the same figures as JSON, and an embed any site may frame", async () => {
    const { data } = await json<{
      data: { slug: string; checks: { share_low: string | null; currency: string }[] }[];
    }>(await call("/v1/assessments/comparison"));
    const grace = data.find((c) => c.slug === "grace-commission");
    expect(grace?.checks[0]).toMatchObject({ share_low: "33%", currency: "USD" });
    const embed = await page("/embed/commissions");
    expect(embed.status).toBe(200);
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const html = await embed.text();
    // As above: other test files add checks of their own while this one runs.
    const fileSlugs = new Set(rows.map((r) => r.commission));
    const slugs = await attributes(html, "#commission-comparison tbody tr", "data-commission");
    expect(slugs.filter((s) => fileSlugs.has(s ?? ""))).toHaveLength(rows.length);
  });
});

describe("the dashboard's second opinions", () => {
  it("lists every published check of DOGE beside the project's figures, each with its date and source", async () => {
    const html = await (await page("/?commission=doge")).text();
    const doge = rows.filter((r) => r.commission === "doge");
    const links = await attributes(html, "#outside-assessments td a", "href");
    for (const row of doge) expect(links).toContain(row.url);
    const cells = await texts(html, "#outside-assessments tbody tr");
    expect(cells).toHaveLength(doge.length);
    const cato = cells.find((t) => t.startsWith("Cato Institute"));
    expect(cato).toContain("2025-12");
    expect(cato).toContain("Workforce down 271000 (9%)");
  });

  it("sets claimed, verified and each estimated cost side by side, each attributed, with no net figure", async () => {
    const html = await (await page("/?commission=doge")).text();
    const figures = await attributes(html, "#costs-table tbody tr", "data-figure");
    expect(figures.filter((f) => f === "cost")).toHaveLength(
      costs.filter((c) => c.commission === "doge").length,
    );
    expect(figures.slice(0, 2)).toEqual(["claimed", "verified"]);
    const text = (await texts(html, "#costs-table")).join(" ");
    expect(text).toContain("US Senate Permanent Subcommittee on Investigations");
    expect(text).toContain("$21.70 B");
    expect(text).toContain("$28.50 M – $38.00 M");
    expect(text.toLowerCase()).not.toContain("net saving:");
  });
});
