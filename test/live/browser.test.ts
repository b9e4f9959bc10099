/**
 * The pages in a real browser: headless Chromium (Debian's `chromium`) driven by playwright-core
 * against the same stack as `npm start`, seeded with the real DOGE receipts. Without Chromium
 * the tests are skipped with the reason printed (CI installs it: .ci/run).
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MONEY_FIELDS } from "../../worker/lib/money.ts";
import { fullMoney } from "../../worker/pages/format.ts";
import { type LiveApi, startLiveApi } from "./stack.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `[browser tests] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

let api: LiveApi;
let browser: Browser;
let page: Page;
// Another local origin (another port) embedding the widgets, as a newsroom's site would.
let host: Server;
let hostUrl = "";

beforeAll(async () => {
  if (!hasChromium) return;
  api = await startLiveApi({ vars: { RATE_LIMIT_READS: "1000000" } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  page = await browser.newPage();
  host = createServer((req, res) => {
    const embed = `${api.url}${req.url === "/dashboard" ? "/" : "/embed/summary"}`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>A newsroom</title><h1>Our story</h1>
      <iframe id="widget" src="${embed}" width="420" height="320"></iframe>
      <img id="chart" src="${api.url}/embed/chart.svg?top=5" alt="chart">`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
  await api?.close();
});

describe.skipIf(!hasChromium)("in headless Chromium", () => {
  it("the dashboard renders its totals and its chart of claimed against verified", async () => {
    const summary = (await (await api.fetch("/v1/savings/summary?commission=doge")).json()) as {
      data: { claimed: string; claims: number }[];
    };
    const [doge] = summary.data;
    if (!doge) throw new Error("the seed loaded no DOGE claims");

    const res = await page.goto(`${api.url}/`);
    expect(res?.status()).toBe(200);
    await expect
      .poll(() => page.locator('[data-total="claimed"] .note').innerText())
      .toContain(fullMoney(doge.claimed));
    const chart = page.locator("svg.chart").first();
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    // One row a matched agency, each with a visible claimed bar.
    const rows = chart.locator("g.chart-row");
    expect(await rows.count()).toBeGreaterThan(5);
    // The claimed bar is drawn in parts (contradicted, checked, not checked): together long.
    const parts = rows
      .first()
      .locator("rect.bar-contradicted, rect.bar-claimed, rect.bar-unchecked");
    const widths = await parts.evaluateAll((rects) =>
      rects.map(
        (r) =>
          (r as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect()
            .width,
      ),
    );
    expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    // The table fallback opens and holds the same first agency.
    await page.getByText("The chart's numbers as a table").click();
    const firstLabel = await rows.first().getAttribute("data-label");
    await expect
      .poll(() => page.locator("table.numbers tbody tr").first().innerText())
      .toContain(firstLabel ?? "?");
  });

  it("printing unfolds the charts' tables", async () => {
    await page.goto(`${api.url}/`);
    const details = page.locator("figure details").first();
    expect(await details.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    await page.evaluate('dispatchEvent(new Event("beforeprint"))');
    expect(await details.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
  });

  it("the docs page renders the API reference from this origin, with no CSP violation", async () => {
    const tab = await browser.newPage();
    const refused: string[] = [];
    const foreign: string[] = [];
    tab.on("console", (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) refused.push(msg.text());
    });
    tab.on("request", (req) => {
      if (!req.url().startsWith(api.url) && !req.url().startsWith("data:")) foreign.push(req.url());
    });
    try {
      expect((await tab.goto(`${api.url}/docs`))?.status()).toBe(200);
      // One operation block per documented endpoint, rendered from /openapi.json.
      await expect
        .poll(() => tab.locator(".opblock").count(), { timeout: 30_000 })
        .toBeGreaterThan(20);
      expect(await tab.locator(".opblock-summary-path").allInnerTexts()).toContain("/v1/proposals");
      expect(refused).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("a claim's page shows its history as a diff of what changed", async () => {
    const changed = await firstChangedClaim();
    await page.goto(`${api.url}/proposals/${changed.proposal_id}`);
    const version = page.locator(`#v${changed.version}`);
    expect(await version.locator("h3").innerText()).toContain(`Version ${changed.version}`);
    const [field, diff] = Object.entries(changed.changed_fields)[0] ?? [];
    if (!field || !diff) throw new Error("the change lists no field");
    const row = version.locator("table.diff tbody tr").first();
    // Amounts read as exact dollars ($8,000,000,000.00 → $8,000,000.00), other values as stored.
    const shown = (value: unknown) =>
      MONEY_FIELDS.has(field) ? fullMoney(String(value)) : String(value);
    expect(await row.locator("del").innerText()).toBe(shown(diff.old));
    expect(await row.locator("ins").innerText()).toBe(shown(diff.new));
  });

  it("the claims search form filters the real claims and pages through them", async () => {
    // The agency with the most claimed: the seed's claims are not assessed, so filter on agency.
    const byAgency = (await (await api.fetch("/v1/savings/by-agency?commission=doge")).json()) as {
      data: { agency_code: string | null; agency_name: string }[];
    };
    const agency = byAgency.data.find((a) => a.agency_code);
    if (!agency?.agency_code) throw new Error("no seeded claim is matched to an agency");
    const listed = (await (
      await api.fetch(`/v1/proposals?agency=${agency.agency_code}&count=true&limit=1`)
    ).json()) as { total: number };

    await page.goto(`${api.url}/proposals`);
    await page.getByLabel("Agency", { exact: true }).selectOption(agency.agency_code);
    await page.getByLabel("Order").selectOption("-claim_date");
    await page.getByRole("button", { name: "Search" }).click();
    // The form's empty fields are dropped by a redirect: the address is the search, clean.
    await page.waitForURL(
      `${api.url}/proposals?agency=${agency.agency_code}&removed=any&sort=-claim_date`,
    );
    expect(await page.locator("#result-count").innerText()).toBe(
      `${listed.total.toLocaleString("en-US")} claims match.`,
    );
    const agencies = await page.locator("#claims tbody td:nth-child(2)").allInnerTexts();
    expect(agencies.length).toBe(Math.min(50, listed.total));
    expect(new Set(agencies)).toEqual(new Set([agency.agency_name]));
    const dates = await page.locator("#claims tbody td:nth-child(3)").allInnerTexts();
    expect(dates.filter((d) => d !== "—")).toEqual(
      dates
        .filter((d) => d !== "—")
        .sort()
        .reverse(),
    );
    if (listed.total <= 50) return;
    const first = await page.locator("#claims tbody td:first-child a").first().getAttribute("href");
    await page.locator('a[rel="next"]').click();
    await page.waitForURL(/cursor=/);
    expect(
      await page.locator("#claims tbody td:first-child a").first().getAttribute("href"),
    ).not.toBe(first);
    expect(await page.getByLabel("Agency", { exact: true }).inputValue()).toBe(agency.agency_code);
  });

  it("an embed renders inside an iframe of another origin; the full pages refuse to be framed", async () => {
    await page.goto(`${hostUrl}/`);
    const widget = page.frameLocator("#widget");
    await expect
      .poll(() => widget.locator('[data-total="claimed"]').innerText())
      .toMatch(/^Claimed: \$[\d.]+ [KMBT]/);
    // The iframe is 420 px wide: its chart is the narrow form, the wide one hidden.
    expect(await widget.locator("svg.chart").filter({ visible: true }).count()).toBe(1);
    expect(await widget.locator("svg.chart-narrow").isVisible()).toBe(true);
    // The SVG chart loads as an image on the other origin.
    await expect
      .poll(() =>
        page
          .locator("#chart")
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);

    await page.goto(`${hostUrl}/dashboard`);
    await page.waitForTimeout(1000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // Blocked by frame-ancestors 'self': the frame holds Chromium's error page, not ours.
    expect(await frame?.locator("h1", { hasText: "claimed against verified" }).count()).toBe(0);
  });
});

describe.skipIf(!hasChromium)("what a reader takes away (methodology 3)", () => {
  it("no dashboard, embed, agency or state page shows a verified range, or 0% for an unchecked row", async () => {
    const agencies = (await (await api.fetch("/v1/savings/by-agency?commission=doge")).json()) as {
      data: { agency_code: string | null; claimed_checkable: string }[];
    };
    const unchecked = agencies.data.find((a) => a.agency_code && Number(a.claimed_checkable) === 0);
    const checked = agencies.data.find((a) => a.agency_code && Number(a.claimed_checkable) > 0);
    const paths = [
      "/",
      "/embed/summary",
      "/agencies",
      "/states",
      "/embed/states",
      "/states/VA",
      ...[unchecked, checked].flatMap((a) =>
        a ? [`/agencies/${a.agency_code}`, `/embed/agency/${a.agency_code}`] : [],
      ),
    ];
    // "Verified … $1.2 M – $3.4 M" or "12% – 40%" next to "verified": the high end read as verified.
    const verifiedRange = /verified[^\n]{0,80}?(\$[\d.,]+(?: [KMBT])?|[\d.]+%) – /i;
    for (const path of paths) {
      await page.goto(`${api.url}${path}`);
      const text = await page.locator("body").innerText();
      expect(text, path).not.toMatch(verifiedRange);
      expect(text, path).not.toMatch(/verified by budget records/i);
      // A row with nothing checked reads "not checked", never a share of 0%.
      const rows = await page.locator("tbody tr").allInnerTexts();
      for (const row of rows.filter((r) => r.includes("not checked")))
        expect(row, `${path}: ${row}`).not.toMatch(/(^|[^.\d])0%/);
    }
    // The agency nothing of which was checked reads so in the agencies table.
    if (unchecked) {
      await page.goto(`${api.url}/agencies?commission=doge`);
      const row = page.locator("#agencies tbody tr", {
        has: page.locator(`a[href="/agencies/${unchecked.agency_code}"]`),
      });
      expect(await row.innerText()).toContain("not checked");
    }
  });
});

describe.skipIf(!hasChromium)("accessibility", () => {
  it("no page or embed has a serious or critical WCAG 2 A/AA violation (axe)", async () => {
    const changed = await firstChangedClaim();
    const agencies = (await (await api.fetch("/v1/savings/by-agency?commission=doge")).json()) as {
      data: { agency_code: string | null }[];
    };
    const agency = agencies.data.find((a) => a.agency_code)?.agency_code;
    // axe runs as an injected script, which the pages' policy would refuse.
    const context = await browser.newContext({ bypassCSP: true });
    const tab = await context.newPage();
    const found: string[] = [];
    for (const path of [
      "/",
      `/proposals/${changed.proposal_id}`,
      "/members",
      "/proposals",
      "/agencies",
      "/changes",
      `/agencies/${agency}`,
      "/embed/summary",
    ]) {
      await tab.goto(`${api.url}${path}`);
      const { violations } = await new AxeBuilder({ page: tab })
        .withTags(["wcag2a", "wcag2aa"])
        .analyze();
      for (const v of violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          found.push(`${path}: ${v.id} (${v.help}) at ${v.nodes[0]?.target.join(" ")}`);
        }
      }
    }
    await context.close();
    expect(found).toEqual([]);
  });
});

type Change = {
  proposal_id: number;
  version: number;
  what: string;
  changed_fields: Record<string, { old: unknown; new: unknown }>;
};

/** The newest claim the seed saw edited between two archived lists. */
async function firstChangedClaim(): Promise<Change> {
  let path: string | null = "/v1/changes?limit=500";
  while (path) {
    const res = await api.fetch(path);
    const body = (await res.json()) as { data: Change[]; next_cursor: string | null };
    const found = body.data.find((c) => c.what === "changed");
    if (found) return found;
    path = body.next_cursor ? `/v1/changes?limit=500&cursor=${body.next_cursor}` : null;
  }
  throw new Error("the seed recorded no edited claim");
}
