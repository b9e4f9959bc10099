/**
 * The pages and embeds at phone width (390 px) in headless Chromium, against the same stack as
 * `npm start` seeded with the real DOGE receipts: nothing runs off the right edge of the screen
 * (wide tables scroll inside their own box), and chart labels are drawn at a readable size, not a
 * shrunken picture of the desktop chart. PHONE_SCREENSHOTS=dir saves a screenshot of each page.
 * Without Chromium the tests are skipped with the reason printed (as browser.test.ts).
 */
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveApi, startLiveApi } from "./stack.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `[phone tests] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}
const SCREENSHOTS = process.env.PHONE_SCREENSHOTS;

const PHONE = { width: 390, height: 844 };
/** The narrowest phone in common use: the pages are checked at this width too. */
const NARROWEST = 360;
/** The smallest chart label, in CSS pixels as drawn, that we call readable. */
const MIN_LABEL_PX = 11;

let api: LiveApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let host: Server;
let hostUrl = "";
/** The pages named by the issue, found in the seeded data. */
const paths: Record<string, string> = {};

beforeAll(async () => {
  if (!hasChromium) return;
  api = await startLiveApi({ vars: { RATE_LIMIT_READS: "1000000" } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  context = await browser.newContext({ viewport: PHONE });
  page = await context.newPage();

  const agencies = (await (await api.fetch("/v1/savings/by-agency?commission=doge")).json()) as {
    data: { agency_code: string | null }[];
  };
  const codes = agencies.data.map((a) => a.agency_code).filter((c): c is string => c !== null);
  // The agency with the largest claims that also has members posted (so its timeline is drawn).
  let agency = codes[0];
  for (const code of codes.slice(0, 20)) {
    const members = (await (await api.fetch(`/v1/members?agency=${code}`)).json()) as {
      data: unknown[];
    };
    if (members.data.length > 0) {
      agency = code;
      break;
    }
  }
  if (!agency) throw new Error("no seeded claim is matched to an agency");
  const claim = await firstChangedClaim();
  Object.assign(paths, {
    dashboard: "/",
    claim: `/proposals/${claim}`,
    agency: `/agencies/${agency}`,
    search: "/proposals",
    "summary embed": "/embed/summary",
    "agency embed": `/embed/agency/${agency}`,
    states: "/states",
    state: `/states/${await largestState()}`,
    "states embed": "/embed/states",
  });

  // A newsroom's article at phone width carrying the chart image as the page's snippet gives it.
  const snippet = await chartSnippet();
  host = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">
      <title>A newsroom</title><style>body { margin: 1rem; font: 16px sans-serif }</style>
      <h1>Our story</h1>${snippet}`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
  await api?.close();
});

/**
 * What runs past the right edge of the viewport: the document itself, and every drawn element
 * that is not inside a scroll box (`.scroll`, whose own box is checked like any other element).
 */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > innerWidth) {
    found.push("document scrollWidth " + document.documentElement.scrollWidth + " > " + innerWidth);
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (el.parentElement && el.parentElement.closest(".scroll")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.getAttribute("class") ? "." + el.getAttribute("class").split(" ").join(".") : "");
      found.push(name + " right edge " + Math.round(r.right) + " > " + width +
        " (" + (el.textContent || "").trim().slice(0, 40) + ")");
    }
  }
  return found.slice(0, 10);
})()`;

/**
 * Every drawn SVG text's font size as rendered: its computed size in user units times the scale
 * of the SVG's user space on screen (a viewBox shrunk to fit shrinks its text with it).
 */
const SVG_TEXT_SIZES = `(() => [...document.querySelectorAll("svg text")]
  .filter((t) => { const r = t.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
  .map((t) => {
    const m = t.getScreenCTM();
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    const box = t.getBoundingClientRect();
    const svg = t.ownerSVGElement.getBoundingClientRect();
    const edges = " [" + [box.left, box.right, svg.left, svg.right].map(Math.round).join(", ") + "]";
    return { text: (t.textContent || "").trim().slice(0, 30) + edges,
      px: parseFloat(getComputedStyle(t).fontSize) * scale,
      clipped: box.left < svg.left - 2 || box.right > svg.right + 2 };
  }))()`;

/**
 * Tables whose last column explains each row (the verdicts'): at phone width each explanation
 * must sit under its row's label and figures, the row's whole width, and the table must need no
 * sideways scroll: no column of prose off-screen beside a tall empty band. Returns the tables
 * seen and what is wrong.
 */
const STACKED = `(() => {
  const found = [];
  const tables = [...document.querySelectorAll("table.explained")];
  for (const table of tables) {
    const box = table.closest(".scroll") || table;
    if (box.scrollWidth > box.clientWidth + 1) {
      found.push("#" + table.id + " scrolls sideways: " + box.scrollWidth + " > " + box.clientWidth);
    }
    for (const row of table.querySelectorAll("tbody tr")) {
      const explain = row.querySelector("td.explain");
      if (!explain) { found.push("#" + table.id + ": a row with no explanation"); continue; }
      const rest = [...row.children].filter((c) => c !== explain);
      const under = Math.max(...rest.map((c) => c.getBoundingClientRect().bottom));
      const e = explain.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      const what = "#" + table.id + " " + (row.textContent || "").trim().slice(0, 30);
      if (e.top < under - 1) found.push(what + ": its explanation is beside, not under, the figures");
      if (e.width < 0.9 * r.width) found.push(what + ": its explanation is " + Math.round(e.width) + " of " + Math.round(r.width) + " px wide");
    }
  }
  return { tables: tables.length, found: found.slice(0, 10) };
})()`;

type TextSize = { text: string; px: number; clipped: boolean };
/** What an <img> adds to an element (the tests type-check without the DOM library). */
type Img = { naturalWidth: number; currentSrc: string };

/**
 * Load a page at 390 px and check it fits, its chart labels readable and whole; then the same on
 * the narrowest common phone (360 px), back at 390 px after.
 */
async function check(name: string, url: string, charts: boolean) {
  const res = await page.goto(url);
  expect(res?.status(), name).toBe(200);
  if (SCREENSHOTS) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = `phone-${name.replaceAll(" ", "-")}.png`;
    await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
  }
  for (const width of [PHONE.width, NARROWEST]) {
    await page.setViewportSize({ ...PHONE, width });
    const at = `${name} at ${width} px`;
    expect
      .soft(await page.evaluate<string[]>(OVERFLOW), `${at}: runs past the right edge`)
      .toEqual([]);
    const stacked = await page.evaluate<{ tables: number; found: string[] }>(STACKED);
    expect.soft(stacked.found, `${at}: explained tables`).toEqual([]);
    if (name === "dashboard") expect(stacked.tables, `${at}: the verdict table`).toBe(1);
    const sizes = await page.evaluate<TextSize[]>(SVG_TEXT_SIZES);
    if (charts) expect(sizes.length, `${at}: draws a chart`).toBeGreaterThan(0);
    const small = sizes.filter((s) => s.px < MIN_LABEL_PX).map((s) => `${s.text}: ${s.px}px`);
    expect.soft(small.slice(0, 5), `${at}: chart labels under ${MIN_LABEL_PX}px`).toEqual([]);
    // A label past its chart's edge is cut off by it (a glyph's overhang, as a J's, is not).
    const clipped = sizes.filter((s) => s.clipped).map((s) => s.text);
    expect.soft(clipped.slice(0, 5), `${at}: chart labels cut off`).toEqual([]);
  }
  await page.setViewportSize(PHONE);
}

describe.skipIf(!hasChromium)("at phone width (390 px, and 360 px)", () => {
  it("the dashboard fits the screen and its chart labels are readable", async () => {
    await check("dashboard", `${api.url}${paths.dashboard}`, true);
    // The chart drawn is the narrow one, with a row per agency.
    const rows = page.locator("svg.chart g.chart-row").filter({ visible: true });
    expect(await rows.count()).toBeGreaterThan(5);
  });

  it("a claim's page fits the screen", async () => {
    await check("claim", `${api.url}${paths.claim}`, false);
  });

  it("an agency's page fits the screen, its charts and timeline readable", async () => {
    await check("agency", `${api.url}${paths.agency}`, true);
  });

  it("the claims search fits the screen; its table scrolls in its own box", async () => {
    await check("search", `${api.url}${paths.search}`, false);
    const box = page.locator(".scroll:has(#claims)");
    expect(await box.getAttribute("tabindex")).toBe("0");
    const widths = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    // The table is wider than the phone, and the box, not the page, scrolls it.
    expect(widths[0]).toBeGreaterThan(widths[1]);
    await box.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });

  it("the states page fits the screen, its tile maps' labels readable", async () => {
    await check("states", `${api.url}${paths.states}`, true);
    // Both maps drawn, a square per state and DC, beside the table of their numbers.
    expect(await page.locator("svg.tilemap g.tile").count()).toBe(102);
    expect(await page.locator("#states-table tbody tr").count()).toBeGreaterThan(10);
  });

  it("a state's page fits the screen", async () => {
    await check("state", `${api.url}${paths.state}`, false);
  });

  it("the navigation fits the screen", async () => {
    await page.goto(`${api.url}/`);
    const links = page.locator("header.site nav a");
    expect(await links.count()).toBeGreaterThan(4);
    for (const link of await links.all()) {
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    }
  });

  it("each embed fits a phone, its chart readable", async () => {
    await check("summary embed", `${api.url}${paths["summary embed"]}`, true);
    await check("agency embed", `${api.url}${paths["agency embed"]}`, true);
    await check("states embed", `${api.url}${paths["states embed"]}`, true);
  });

  it("the chart image, placed as its snippet says, fits a phone with readable labels", async () => {
    await page.goto(hostUrl);
    const img = page.locator("img");
    await expect
      .poll(() => img.evaluate((i) => (i as unknown as Img).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.evaluate<string[]>(OVERFLOW)).toEqual([]);
    // An image's text is not in the DOM: scale the chart's own smallest font by how the image
    // is drawn against the size it declares.
    const [src, shown, natural] = await img.evaluate((i) => {
      const image = i as unknown as Img;
      return [image.currentSrc, i.getBoundingClientRect().width, image.naturalWidth] as const;
    });
    const svg = await (await fetch(src)).text();
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    expect((Math.min(...sizes) * shown) / natural).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "phone-chart-image.png") });
  });

  it("no page or embed has a serious or critical WCAG 2 A/AA violation at phone width", async () => {
    // axe runs as an injected script, which the pages' policy would refuse.
    const axeContext = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const tab = await axeContext.newPage();
    const found: string[] = [];
    for (const path of Object.values(paths)) {
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
    await axeContext.close();
    expect(found).toEqual([]);
  });
});

/** The chart-image snippet the dashboard offers, as a reader would paste it. */
async function chartSnippet(): Promise<string> {
  const html = await (await api.fetch("/", { headers: { Accept: "text/html" } })).text();
  const found = /<textarea id="embed-chart"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!found?.[1]) throw new Error("the dashboard offers no chart snippet");
  return found[1]
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

/** The state with the largest counted claims on the seeded stack. */
async function largestState(): Promise<string> {
  const res = await api.fetch("/v1/savings/by-state?commission=doge");
  const body = (await res.json()) as { data: { state: string | null }[] };
  const state = body.data.find((r) => r.state)?.state;
  if (!state) throw new Error("no seeded claim has a known place");
  return state;
}

/** The id of the newest claim the seed saw edited (its page has a history diff table). */
async function firstChangedClaim(): Promise<number> {
  let path: string | null = "/v1/changes?limit=500";
  while (path) {
    const res = await api.fetch(path);
    const body = (await res.json()) as {
      data: { proposal_id: number; what: string }[];
      next_cursor: string | null;
    };
    const found = body.data.find((c) => c.what === "changed");
    if (found) return found.proposal_id;
    path = body.next_cursor ? `/v1/changes?limit=500&cursor=${body.next_cursor}` : null;
  }
  throw new Error("the seed recorded no edited claim");
}
