import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalVersions } from "../../db/schema/index.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { syncProposals } from "../../worker/jobs/doge/sync.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { texts } from "../helpers/html.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { makeProposals } from "../helpers/proposals.ts";

type Change = { proposal_id: number; version: number; what: string; changed_fields: object };

const { db, close } = testDb();
const HTML = { Accept: "text/html" };
afterAll(() => close());

let slug = "";
const ids: number[] = [];
beforeAll(async () => {
  // Two claims, one corrected and one retracted by an editor: four versions in all.
  const editor = await makeKey(db, "editor");
  ({ slug } = await makeProposals(db, []));
  for (const title of ["Contract one", "Contract two"]) {
    const res = await call("/v1/proposals", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ commission: slug, kind: "contract", title, claimed_savings: "10.00" }),
    });
    ids.push((await json<{ data: { id: number } }>(res)).data.id);
  }
  const read = await call(`/v1/proposals/${ids[0]}`);
  await read.text();
  const patched = await call(`/v1/proposals/${ids[0]}`, {
    method: "PATCH",
    headers: jsonWith(editor.auth, { "If-Match": read.headers.get("etag") ?? "" }),
    body: JSON.stringify({ claimed_savings: "12.50", reason: "agency's correction" }),
  });
  await patched.text();
  const retracted = await call(`/v1/proposals/${ids[1]}`, {
    method: "DELETE",
    headers: jsonWith(editor.auth),
    body: JSON.stringify({ reason: "not a cut" }),
  });
  await retracted.text();
});

describe("GET /v1/changes", () => {
  it("lists every change of the commission's claims, newest first, saying what happened", async () => {
    const body = await json<{ data: Change[] }>(await call(`/v1/changes?commission=${slug}`));
    expect(body.data.map((c) => [c.proposal_id, c.version, c.what])).toEqual([
      [ids[1], 2, "retracted"],
      [ids[0], 2, "changed"],
      [ids[1], 1, "new"],
      [ids[0], 1, "new"],
    ]);
    expect(body.data[1]?.changed_fields).toEqual({
      claimedSavings: { old: "10.00", new: "12.50" },
    });
  });

  it("pages by cursor without repeating a change", async () => {
    const seen: string[] = [];
    let url: string | null = `/v1/changes?commission=${slug}&limit=1`;
    while (url) {
      const res: Response = await call(url);
      const body = await json<{ data: Change[] }>(res);
      seen.push(...body.data.map((c) => `${c.proposal_id}:${c.version}`));
      url = res.headers.get("link")?.match(/^<([^>]+)>/)?.[1] ?? null;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it("does not offer a total", async () => {
    const res = await call("/v1/changes?count=true");
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("count");
  });
});

describe("the changes feeds", () => {
  it("are valid Atom: a feed with an id, a title, an updated time and one entry per change", async () => {
    const res = await call(`/feeds/changes.atom?commission=${slug}`);
    expect(res.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(await res.text());
    const feed = doc.feed;
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBeTruthy();
    expect(feed.title["#text"]).toContain(slug);
    expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
    const entries = [feed.entry].flat();
    expect(entries).toHaveLength(4);
    for (const e of entries) {
      expect(e.id).toBeTruthy();
      expect(Number.isNaN(Date.parse(e.updated))).toBe(false);
      expect(e.link["@_href"]).toMatch(/\/proposals\/\d+#v\d+$/);
    }
    expect(new Set(entries.map((e: { id: string }) => e.id)).size).toBe(4);
    const title = [feed.entry].flat()[0].title;
    expect(String(title["#text"] ?? title)).toMatch(/^retracted: /);
  });

  it("are valid JSON Feed: version, title, and items with id, url and date", async () => {
    const res = await call(`/feeds/changes.json?commission=${slug}`);
    expect(res.headers.get("content-type")).toMatch(/^application\/feed\+json/);
    const feed = await json<{
      version: string;
      title: string;
      items: { id: string; url: string; date_published: string }[];
    }>(res);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toContain(slug);
    expect(feed.items).toHaveLength(4);
    for (const item of feed.items) {
      expect(item.id).toBeTruthy();
      expect(item.url).toMatch(/\/proposals\/\d+#v\d+$/);
      expect(Number.isNaN(Date.parse(item.date_published))).toBe(false);
    }
  });
});

describe("an amount the source rewrote, and a claim it dropped and listed again", () => {
  // The $8 billion ICE claim that became $8 million: it must read as exactly that.
  const ice = (savings: number) => ({
    piid: "70CMSD22A00000008",
    agency: "Department of Homeland Security",
    vendor: "ACME LLC",
    value: 8000000,
    description: "ICE contract",
    fpds_status: "TERMINATED",
    fpds_link:
      "https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7012&PIID=70CMSD22A00000008&modNumber=P00001&idvAgencyID=&idvPIID=&contractType=IDV",
    deleted_date: "2/18/2025",
    savings,
  });
  let own = "";
  let id = 0;
  beforeAll(async () => {
    const commission = await makeCommission(db);
    own = commission.slug;
    const sync = (items: unknown[], seenAt: string) =>
      syncProposals(db, {
        commissionId: commission.id,
        kind: "contract",
        drafts: receiptsToDrafts("contracts", items),
        complete: true,
        seenAt,
        sources: [],
      });
    await sync([ice(8000000000)], "2025-02-18T00:00:00Z");
    await sync([ice(8000000)], "2025-02-19T00:00:00Z");
    await sync([], "2025-03-01T00:00:00Z");
    await sync([ice(8000000)], "2025-03-05T00:00:00Z");
    const { data } = await json<{ data: Change[] }>(await call(`/v1/changes?commission=${own}`));
    id = data[0]?.proposal_id ?? 0;
  });

  it("reads as the amount before and after, in the feed, the change log and the claim's history", async () => {
    const feed = await json<{ items: { content_text?: string; content_html?: string }[] }>(
      await call(`/feeds/changes.json?commission=${own}`),
    );
    const text = feed.items.map((i) => i.content_text ?? i.content_html ?? "").join("\n");
    expect(text).toContain("claimed savings $8,000,000,000.00 → $8,000,000.00");
    const page = await (await call(`/changes?commission=${own}`, { headers: HTML })).text();
    expect((await texts(page, "ol.changes li")).join("\n")).toContain(
      "claimed savings $8,000,000,000.00 → $8,000,000.00",
    );
    const claim = await (await call(`/proposals/${id}`, { headers: HTML })).text();
    expect(await texts(claim, "#v2 table.diff tbody tr")).toContain(
      "claimed savings $8,000,000,000.00 $8,000,000.00",
    );
  });

  it("calls a return 'back', with when it was removed and when it was listed again", async () => {
    const { data } = await json<{ data: (Change & { changed_at: string })[] }>(
      await call(`/v1/changes?commission=${own}`),
    );
    expect(data.map((d) => [d.what, d.changed_at.slice(0, 10)])).toEqual([
      ["back", "2025-03-05"],
      ["removed", "2025-03-01"],
      ["changed", "2025-02-19"],
      ["new", "2025-02-18"],
    ]);
    const page = await (await call(`/changes?commission=${own}`, { headers: HTML })).text();
    const [first] = await texts(page, "ol.changes li");
    expect(first).toContain("2025-03-05");
    expect(first).toContain("Back at the source");
    expect(first).toContain("removed from the source 2025-03-01, listed again");
  });
});

describe("the feeds, given text that looks like markup", () => {
  // An editor's title that closed the CDATA block of the `feed` library and added a link.
  const title =
    'p ]]> a ]]></title><link rel="alternate" href="https://evil.example/phish"/><title type="html"><![CDATA[b';
  const agencyName = "<script>alert(1)</script> & Co";
  const reason = "<img src=x onerror=\"alert(1)\"> ]]> 'quoted'";
  let own = "";
  let id = 0;
  beforeAll(async () => {
    const made = await makeProposals(db, [{ title, agencyName }]);
    own = made.slug;
    id = made.ids[0] ?? 0;
    await db.insert(proposalVersions).values({
      proposalId: id,
      version: 1,
      snapshot: {},
      actor: "source:test",
      reason,
    });
  });

  it("keep the Atom feed well-formed, with the text as plain text and no link of its own", async () => {
    const xml = await (await call(`/feeds/changes.atom?commission=${own}`)).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      trimValues: false,
      parseTagValue: false,
      htmlEntities: true,
    }).parse(xml);
    const entries = [doc.feed.entry].flat();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect([entry.link].flat().map((l: Record<string, string>) => l["@_href"])).toEqual([
      `http://cutwatch.test/proposals/${id}#v1`,
    ]);
    expect(entry.title["@_type"]).toBe("text");
    expect(entry.title["#text"]).toBe(`new: ${title}`);
    expect(entry.summary["@_type"]).toBe("text");
    expect(entry.summary["#text"]).toContain(`, ${agencyName}`);
    expect(entry.summary["#text"]).toContain(`reason: ${reason}`);
  });

  it("give the JSON Feed the same text as content_text, never as HTML", async () => {
    const feed = await json<{ items: Record<string, unknown>[] }>(
      await call(`/feeds/changes.json?commission=${own}`),
    );
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item?.title).toBe(`new: ${title}`);
    expect(item?.content_html).toBeUndefined();
    expect(item?.content_text).toContain(`, ${agencyName}`);
    expect(item?.content_text).toContain(`reason: ${reason}`);
  });
});
