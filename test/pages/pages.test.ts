import { desc, eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencies, members, proposalSourceValues, proposals } from "../../db/schema/index.ts";
import { DRAFT_FIELDS } from "../../worker/domain/draft.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { testDb } from "../helpers/db.ts";
import { attributes, decode, texts } from "../helpers/html.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { makeProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

const HTML = { Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" };
const page = (path: string) => call(path, { headers: HTML });

let slug = "";
let agency = { code: "", name: "" };
let ids: number[] = [];
let memberId = 0;
beforeAll(async () => {
  // The last reference agency: no other test file writes claims against it.
  const [last] = await db.select().from(agencies).orderBy(desc(agencies.code)).limit(1);
  if (!last) throw new Error("the reference agencies are not seeded");
  agency = last;
  let commissionId = 0;
  ({ slug, ids, commissionId } = await makeProposals(db, [
    {
      title: "Overstated consulting contract",
      agencyCode: agency.code,
      agencyName: agency.name,
      claimDate: "2025-02-03",
      claimedSavings: "5000000.00",
      assessment: { status: "exceeds_record", low: "250000", high: "1000000" },
    },
    {
      title: "Supported lease",
      kind: "lease",
      agencyCode: agency.code,
      agencyName: agency.name,
      claimDate: "2025-03-10",
      claimedSavings: "40000",
      assessment: { status: "supported", low: "40000", high: "40000" },
    },
    { title: "Not yet checked", agencyName: "Office of Nowhere", claimedSavings: "7.50" },
  ]));
  const [member] = await db
    .insert(members)
    .values({
      commissionId,
      name: "Test Member",
      role: "Administrator",
      sources: [{ url: "https://example.org/appointment", title: "Appointment notice" }],
    })
    .returning({ id: members.id });
  memberId = member?.id ?? 0;
});

describe("GET / (dashboard)", () => {
  it("gives browsers the dashboard and everyone else the JSON index, varying on Accept", async () => {
    const html = await page(`/?commission=${slug}`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.headers.get("vary")).toMatch(/Accept/);
    const index = await call("/");
    expect(index.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await json<{ links: object }>(index)).links).toHaveProperty("proposals");
  });

  it("shows the commission's claimed and verified totals as the savings API sums them", async () => {
    const body = await (await page(`/?commission=${slug}`)).text();
    const value = async (total: string) => (await texts(body, `[data-total="${total}"] .value`))[0];
    // 5,000,000 + 40,000 + 7.50 claimed. Only the supported claim's 40,000 is taken back and not
    // ruled out: the $5 M claim its record contradicts adds to neither, and is shown apart.
    expect(await value("claimed")).toBe("$5.04 M");
    expect(await value("taken-back")).toBe("$40.00 K");
    expect(await value("not-ruled-out")).toBe("$40.00 K");
    expect(await value("contradicted")).toBe("$5.00 M");
    expect((await texts(body, '[data-total="contradicted"] .note'))[0]).toContain(
      "($1,000,000.00): counted in neither figure",
    );
    const [note] = await texts(body, '[data-total="claimed"] .note');
    expect(note).toContain("$5,040,007.50 over 3 live claims");
  });

  it("charts claimed against verified by agency, with the same numbers as a table", async () => {
    const body = await (await page(`/?commission=${slug}`)).text();
    const rows = await attributes(body, "svg.chart-wide g.chart-row", "data-label");
    expect(rows).toEqual([agency.name, "Office of Nowhere"]);
    // The claimed bar is drawn in parts: what the record contradicts apart from what it allows.
    expect(await texts(body, "svg.chart-wide title")).toContain(
      "Claimed, contradicted $5,000,000.00",
    );
    expect(await texts(body, "svg.chart-wide title")).toContain("Claimed, checked $40,000.00");
    // The narrow form for phones (CSS shows one of the two) charts the same rows.
    expect(await attributes(body, "svg.chart-narrow g.chart-row", "data-label")).toEqual(rows);
    expect(await texts(body, "svg.chart-narrow title")).toContain("Claimed, checked $40,000.00");
    const cells = await texts(body, "table.numbers tbody tr");
    expect(cells[0]).toBe(
      `${agency.name} $5,040,000.00 $5,040,000.00 $5,000,000.00 $40,000.00 $40,000.00`,
    );
    // Nothing of the unmatched agency's claim was checked: not checked, never $0 taken back.
    expect(cells[1]).toBe("Office of Nowhere $7.50 $0.00 $0.00 not checked not checked");
  });

  it("puts every table in a scroll box of its own, focusable and named", async () => {
    const body = await (await page(`/?commission=${slug}`)).text();
    const tables = (await texts(body, "table")).length;
    expect(tables).toBeGreaterThan(1);
    expect(await attributes(body, "section.scroll > table", "id")).toHaveLength(tables);
    expect(await attributes(body, "section.scroll", "tabindex")).toEqual(Array(tables).fill("0"));
    const labels = await attributes(body, "section.scroll", "aria-label");
    expect(labels).toContain("Claims and claimed dollars by verdict");
    expect(labels.every((l) => l && l.length > 0)).toBe(true);
  });

  it("lists the largest claims beyond their record and links each to its page", async () => {
    const body = await (await page(`/?commission=${slug}`)).text();
    const links = await attributes(body, "#overstated-claims tbody a[href^='/proposals/']", "href");
    expect(links).toEqual([`/proposals/${ids[0]}`]);
  });

  it("answers an unknown commission with a 404 page, and a malformed one with a 400", async () => {
    const missing = await page("/?commission=no-such-commission");
    expect(missing.status).toBe(404);
    expect(await texts(await missing.text(), "h1")).toEqual(["Not found"]);
    const bad = await call("/?commission=NOT%20A%20SLUG");
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).type).toBe("/problems/bad-request");
  });

  it("shows errors as pages under the same CSP and framing policy as the page", async () => {
    for (const path of ["/?commission=no-such-commission", "/proposals/999999999", "/nope"]) {
      const res = await page(path);
      if (res.headers.get("content-type")?.startsWith("text/html") !== true) continue;
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'self'");
      expect(res.headers.get("content-security-policy"), path).toContain("script-src 'self'");
      expect(res.headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
    }
    const missing = await page("/proposals/999999999");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    // An embed's error may show inside the site that frames it.
    const embed = await page("/embed/agency/0000");
    expect(embed.status).toBe(404);
    expect(embed.headers.get("content-type")).toMatch(/^text\/html/);
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(embed.headers.get("x-frame-options")).toBeNull();
  });

  it("may be framed by this site only", async () => {
    const res = await page(`/?commission=${slug}`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});

describe("GET /proposals/{id}", () => {
  it("says in its description that a claim was checked only when it was", async () => {
    const description = async (id: number | undefined) =>
      (
        await attributes(
          await (await page(`/proposals/${id}`)).text(),
          'meta[name="description"]',
          "content",
        )
      )[0];
    expect(await description(ids[1])).toContain("checked against the budget records");
    // The third claim has no assessment yet.
    expect(await description(ids[2])).toContain("not yet checked against the budget records");
  });

  it("shows the claim, its assessment with the methodology version, and a history diff", async () => {
    const editor = await makeKey(db, "editor");
    const id = ids[0] as number;
    const before = await call(`/v1/proposals/${id}`);
    const edit = await call(`/v1/proposals/${id}`, {
      method: "PATCH",
      headers: jsonWith(editor.auth, { "If-Match": before.headers.get("etag") ?? "" }),
      body: JSON.stringify({
        title: "Overstated consulting contract (BPA)",
        reason: "corrected per agency letter",
      }),
    });
    expect(edit.status).toBe(200);

    const res = await page(`/proposals/${id}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(await texts(body, "h1")).toEqual(["Overstated consulting contract (BPA)"]);
    const assessment = (await texts(body, "dl.facts dd")).join(" | ");
    expect(assessment).toMatch(/exceeds_record/);
    expect(assessment).toMatch(new RegExp(`version ${METHODOLOGY_VERSION} ?, computed`));
    const [latest] = await texts(body, "li.version");
    expect(latest).toContain("Version 2");
    expect(latest).toContain(`key:${editor.id}`);
    expect(latest).toContain("corrected per agency letter");
    expect(await texts(body, "#v2 table.diff tbody tr")).toEqual([
      "title Overstated consulting contract Overstated consulting contract (BPA)",
    ]);
    expect(await texts(body, "#v2 del")).toEqual(["Overstated consulting contract"]);
    expect(await texts(body, "#v2 ins")).toEqual(["Overstated consulting contract (BPA)"]);
  });

  it("shows where an editor corrected the claim, beside what its source still says", async () => {
    const id = ids[1] ?? 0;
    const plain = await (await page(`/proposals/${id}`)).text();
    expect(await texts(plain, "#corrections")).toEqual([]);
    // The source said $4 M where the claim (as corrected) says $40,000.
    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    if (!row) throw new Error("no such proposal");
    const values = Object.fromEntries(DRAFT_FIELDS.map((f) => [f, row[f]]));
    await db
      .insert(proposalSourceValues)
      .values({ proposalId: id, values: { ...values, claimedSavings: "4000000.00" } });

    const body = await (await page(`/proposals/${id}`)).text();
    expect(await texts(body, "#corrections")).toEqual(["Corrected by an editor"]);
    expect(await texts(body, "table.corrections tbody tr")).toEqual([
      "claimed savings $4,000,000.00",
    ]);
    expect(await attributes(body, "a", "href")).toContain(`/v1/proposals/${id}/source`);
  });

  it("answers a missing claim with a 404 page and a bad id with a 400", async () => {
    const missing = await page("/proposals/999999999");
    expect(missing.status).toBe(404);
    expect(decode((await texts(await missing.text(), "main p"))[0] ?? "")).toBe(
      "No proposal with id 999999999.",
    );
    const bad = await call("/proposals/abc");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("links from a source", () => {
  const hostile = [
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/relative/path",
  ];
  const safe = "https://example.org/receipt?a=1&b=2";
  const sources = [...hostile, safe].map((url) => ({ url }));

  /** Every href of a page outside its navigation, and its text under `selector`. */
  async function read(path: string, selector: string) {
    const html = await (await page(path)).text();
    const hrefs = (await attributes(html, "main a", "href")).map((h) => decode(String(h)));
    return { hrefs, text: decode((await texts(html, selector)).join("\n")) };
  }

  it("are links on a claim's page only when http: or https:, and otherwise plain text", async () => {
    const { ids: own } = await makeProposals(db, [
      { title: "Hostile sources", sourceUrl: "javascript:alert('source')", sources },
    ]);
    const { hrefs, text } = await read(`/proposals/${own[0]}`, "main li");
    expect(hrefs.filter((h) => !h.startsWith("/") && !h.startsWith("#"))).toEqual([safe]);
    expect(hrefs).not.toContain("/relative/path");
    for (const url of [...hostile, "javascript:alert('source')"])
      expect(text).toContain(url.replace(/\s+/g, " ").trim());
  });

  it("are links on a member's page only when http: or https:", async () => {
    const { commissionId } = await makeProposals(db, []);
    const [member] = await db
      .insert(members)
      .values({ commissionId, name: "Hostile Member", sources })
      .returning({ id: members.id });
    const { hrefs, text } = await read(`/members/${member?.id}`, "main li");
    expect(hrefs.filter((h) => !h.startsWith("/") && !h.startsWith("#"))).toEqual([safe]);
    expect(hrefs).not.toContain("/relative/path");
    for (const url of hostile) expect(text).toContain(url.replace(/\s+/g, " ").trim());
  });
});

describe("GET /members, /members/{id}, /agencies/{code}", () => {
  it("lists the members with links to their pages", async () => {
    const body = await (await page(`/members?commission=${slug}`)).text();
    expect(await attributes(body, "tbody a", "href")).toEqual([`/members/${memberId}`]);
    const member = await (await page(`/members/${memberId}`)).text();
    expect(await texts(member, "h1")).toEqual(["Test Member"]);
    expect(await attributes(member, "main ul a", "href")).toContain(
      "https://example.org/appointment",
    );
  });

  it("shows an agency's totals, its chart by month and its largest claims", async () => {
    const body = await (await page(`/agencies/${agency.code}`)).text();
    expect(decode((await texts(body, "h1"))[0] ?? "")).toBe(agency.name);
    const months = await attributes(body, "svg.chart-wide g.chart-row", "data-label");
    expect(await attributes(body, "svg.chart-narrow g.chart-row", "data-label")).toEqual(months);
    expect(months).toEqual(expect.arrayContaining(["2025-02", "2025-03"]));
    expect(months).toEqual([...months].sort());
    // The chart's numbers as a table, each row headed by its month.
    expect((await texts(body, "table.numbers thead th"))[0]).toBe("Month of claim");
    expect(await texts(body, "table.numbers tbody th")).toEqual(months);
    const claims = await attributes(body, "#largest-claims tbody a", "href");
    expect(claims).toContain(`/proposals/${ids[0]}`);
    expect((await page("/agencies/0000")).status).toBe(404);
    expect((await call("/agencies/x")).status).toBe(400);
  });
});

describe("GET /proposals (search) and /agencies", () => {
  const claimLinks = async (path: string) =>
    attributes(await (await page(path)).text(), "#claims tbody td:first-child a", "href");

  it("lists the commission's claims, largest claimed saving first, with how many match", async () => {
    const body = await (await page(`/proposals?commission=${slug}`)).text();
    expect(await attributes(body, "#claims tbody td:first-child a", "href")).toEqual([
      `/proposals/${ids[0]}`,
      `/proposals/${ids[1]}`,
      `/proposals/${ids[2]}`,
    ]);
    expect(await texts(body, "#result-count")).toEqual(["3 claims match."]);
    const [firstRow] = await texts(body, "#claims tbody tr");
    expect(firstRow).toContain("$5.00 M");
    // What its record shows taken back; never a "verified" range.
    expect(firstRow).toContain("$5.00 M $250.00 K exceeds record");
    expect(firstRow).toContain("exceeds record");
  });

  it("filters with the API's parameters and keeps the choices in the form", async () => {
    const supported = `/proposals?commission=${slug}&assessment_status=supported`;
    expect(await claimLinks(supported)).toEqual([`/proposals/${ids[1]}`]);
    const words = `/proposals?commission=${slug}&q=consulting`;
    expect(await claimLinks(words)).toEqual([`/proposals/${ids[0]}`]);
    const body = await (await page(supported)).text();
    expect(
      await attributes(body, 'select[name="assessment_status"] option[selected]', "value"),
    ).toEqual(["supported"]);
    expect(await texts(body, "#claims tbody td:nth-child(2)")).toEqual([agency.name]);
  });

  it("pages by cursor with no claim missed or repeated, and links the same rows as JSON", async () => {
    const seen: string[] = [];
    let path: string | null = `/proposals?commission=${slug}&sort=claim_date&limit=1`;
    while (path && seen.length < 10) {
      const body = await (await page(path)).text();
      seen.push(...(await attributes(body, "#claims tbody td:first-child a", "href")).map(String));
      const [next] = await attributes(body, 'a[rel="next"]', "href");
      path = next ? decode(next) : null;
    }
    // Claim dates 2025-02-03, 2025-03-10, then the claim without a date (nulls last).
    expect(seen).toEqual([`/proposals/${ids[0]}`, `/proposals/${ids[1]}`, `/proposals/${ids[2]}`]);

    const body = await (await page(`/proposals?commission=${slug}&kind=lease`)).text();
    const [jsonLink] = await attributes(body, ".lede a", "href");
    const api = await json<{ data: { id: number }[] }>(await call(decode(jsonLink ?? "")));
    expect(api.data.map((p) => p.id)).toEqual([ids[1]]);
    // The CSV link is the whole search, not the page the reader is on.
    const paged = await (await page(`/proposals?commission=${slug}&limit=1`)).text();
    const [, csvLink] = await attributes(paged, ".lede a", "href");
    const csv = await (await call(decode(csvLink ?? ""))).text();
    expect(csv.trim().split("\r\n")).toHaveLength(1 + 3);
  });

  it("sends a form's empty fields to the same search without them", async () => {
    const res = await call(`/proposals?q=&agency=&kind=lease&commission=${slug}&sort=agency`, {
      headers: HTML,
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `/proposals?kind=lease&commission=${slug}&sort=agency`,
    );
  });

  it("answers a bad parameter with a 400 page naming it", async () => {
    const res = await page("/proposals?kind=spaceship");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect((await texts(await res.text(), "main p"))[0]).toContain("kind");
  });

  it("lists every agency with live claims, linking those matched to an agency", async () => {
    const body = await (await page(`/agencies?commission=${slug}`)).text();
    const names = await texts(body, "#agencies tbody td:first-child");
    expect(names.map(decode)).toEqual([agency.name, "Office of Nowhere"]);
    expect(await attributes(body, "#agencies tbody a", "href")).toEqual([
      `/agencies/${agency.code}`,
    ]);
    const [row, unmatched] = await texts(body, "#agencies tbody tr");
    // Coverage first: all 5,040,000 checked; 40,000 taken back (0.8%), never a range; the
    // contradicted 5,000,000 apart.
    expect(row).toContain("$5.04 M $5.04 M (100%) $40.00 K (0.8%) $40.00 K $5.00 M");
    // Its one claim is not checked yet: "not checked", rather than a 0% that reads as a verdict.
    // A claim under a thousand dollars shows exactly, cents and all.
    expect(unmatched).toBe(
      "Office of Nowhere 1 1 $7.50 not checked not checked not checked not checked",
    );
  });
});

describe("GET /changes", () => {
  const changeLinks = async (path: string) =>
    attributes(await (await page(path)).text(), "ol.changes a", "href");

  it("lists every change newest first, a page at a time, each linked to its diff", async () => {
    const editor = await makeKey(db, "editor");
    for (const id of [ids[1], ids[2]]) {
      const before = await call(`/v1/proposals/${id}`);
      const edit = await call(`/v1/proposals/${id}`, {
        method: "PATCH",
        headers: jsonWith(editor.auth, { "If-Match": before.headers.get("etag") ?? "" }),
        body: JSON.stringify({ recipient: "Acme Test Co", lease_location: "Washington, DC" }),
      });
      expect(edit.status).toBe(200);
      await edit.text();
    }
    const first = await (await page(`/changes?commission=${slug}&limit=1`)).text();
    expect(await attributes(first, "ol.changes a", "href")).toEqual([`/proposals/${ids[2]}#v2`]);
    // The changed fields by the names the API gives them, spaced: not the schema's camelCase;
    // an editor's edit named as this project's, never as the commission's.
    expect((await texts(first, "ol.changes li"))[0]).toMatch(
      /Corrected by an editor .*\(recipient; lease location\)/,
    );
    const [older] = await attributes(first, 'a[rel="next"]', "href");
    expect(await changeLinks(decode(older ?? ""))).toEqual([`/proposals/${ids[1]}#v2`]);
  });

  it("filters by agency, and offers the same filter as feeds", async () => {
    const body = await (await page(`/changes?agency=${agency.code}`)).text();
    const links = await attributes(body, "ol.changes a", "href");
    expect(links).toContain(`/proposals/${ids[1]}#v2`);
    expect(links).not.toContain(`/proposals/${ids[2]}#v2`);
    expect(await attributes(body, ".lede a", "href")).toContain(
      `/feeds/changes.atom?agency=${agency.code}`,
    );
    expect((await page("/changes?agency=Treasury")).status).toBe(400);
  });

  it("the claims search finds the edited recipient, shown under each claim's title", async () => {
    const body = await (await page(`/proposals?commission=${slug}&recipient=acme%20test`)).text();
    expect(await attributes(body, "#claims tbody td:first-child a", "href")).toEqual([
      `/proposals/${ids[1]}`,
      `/proposals/${ids[2]}`,
    ]);
    expect(await texts(body, "#claims .ids")).toEqual(["Acme Test Co", "Acme Test Co"]);
  });
});

describe("embeds", () => {
  it("serves the summary widget framable by any site, cacheable with an ETag", async () => {
    const res = await page(`/embed/summary?commission=${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("cache-control")).toMatch(/public/);
    const body = await res.text();
    expect((await texts(body, '[data-total="claimed"] strong'))[0]).toBe("$5.04 M");
    const etag = res.headers.get("etag") ?? "";
    const again = await call(`/embed/summary?commission=${slug}`, {
      headers: { ...HTML, "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("serves an agency widget", async () => {
    const res = await page(`/embed/agency/${agency.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(decode((await texts(await res.text(), "p strong"))[0] ?? "")).toBe(agency.name);
  });

  it("draws the chart as a standalone SVG image that parses as XML", async () => {
    const res = await call(`/embed/chart.svg?commission=${slug}&top=1&width=500`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const doc = new XMLParser({ ignoreAttributes: false }).parse(await res.text());
    expect(doc.svg["@_xmlns"]).toBe("http://www.w3.org/2000/svg");
    expect(doc.svg["@_width"]).toBe("500");
    const rows = [doc.svg.g].flat().filter((g: Record<string, string>) => g["@_data-label"]);
    expect(rows.map((g: Record<string, string>) => g["@_data-label"])).toEqual([agency.name]);
  });

  it("draws a chart image narrower than 480 px with each label above its bars", async () => {
    const res = await call(`/embed/chart.svg?commission=${slug}&width=320`);
    expect(res.status).toBe(200);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(await res.text());
    expect(doc.svg["@_width"]).toBe("320");
    expect(doc.svg["@_viewBox"]).toMatch(/^0 0 320 \d+$/);
    const rows = [doc.svg.g].flat().filter((g: Record<string, string>) => g["@_data-label"]);
    expect(rows.map((g: Record<string, string>) => g["@_data-label"])).toEqual([
      agency.name,
      "Office of Nowhere",
    ]);
    // The label starts at the left edge, above the bars, at its full size.
    const label = [rows[0].text].flat()[0] as Record<string, string>;
    expect([label["@_x"], label["@_font-size"]]).toEqual(["0", "13"]);
  });

  it("refuses chart parameters out of range with problem+json naming them", async () => {
    const res = await call("/embed/chart.svg?top=99&by=year");
    expect(res.status).toBe(400);
    const problem = await json<Problem>(res);
    expect(problem.errors?.map((e) => e.name).sort()).toEqual(["by", "top"]);
  });

  it("each page offers a snippet to embed it", async () => {
    const body = await (await page(`/?commission=${slug}`)).text();
    const snippets = (await texts(body, ".embed textarea")).map(decode);
    expect(snippets[0]).toMatch(
      new RegExp(`^<iframe src="http://cutwatch.test/embed/summary\\?commission=${slug}"`),
    );
    // The chart image: the narrow chart on a phone, the wide one elsewhere.
    expect(snippets[1]).toMatch(
      /^<picture><source media="\(max-width: 600px\)" srcset="http:\/\/cutwatch.test\/embed\/chart.svg\?commission=[^"]+&width=320"><img src="http:\/\/cutwatch.test\/embed\/chart.svg/,
    );
  });
});

describe("the read quota", () => {
  it("counts a page once, whether a section's index or one of its records", async () => {
    for (const path of ["/members", "/agencies", "/proposals", "/agencies/024"]) {
      // An address of its own, so no other test's reads share the window.
      const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
      const remaining = async () => {
        const res = await call(path, { headers: { "CF-Connecting-IP": ip } });
        await res.text();
        return Number(/r=(\d+)/.exec(res.headers.get("ratelimit") ?? "")?.[1]);
      };
      const first = await remaining();
      expect([path, (await remaining()) - first]).toEqual([path, -1]);
    }
  });
});
