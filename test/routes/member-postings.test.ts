import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPostings, type NewPosting } from "../../db/queries/postings.ts";
import { members } from "../../db/schema/index.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { texts } from "../helpers/html.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { addProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

const posting = (p: Partial<NewPosting>): NewPosting => ({
  agencyRef: "OPM",
  agencyName: "Office of Personnel Management",
  agencyCode: "024",
  postingType: "detailed",
  sourceUrl: "https://example.org/report",
  ...p,
});

async function member(commissionId: number, name: string, postings: NewPosting[]) {
  const [row] = await db
    .insert(members)
    .values({ commissionId, name, sources: [{ url: "https://example.org/report" }] })
    .returning();
  if (!row) throw new Error("no member");
  await addPostings(db, row.id, postings);
  return row.id;
}

type Near = {
  data: {
    members: { name: string; posting: { dates: string } }[];
    from: string;
    to: string;
    reason: string | null;
    undated_members: number;
  };
};

let slug = "";
let claimId = 0;
let poolId = 0;
let feb = 0;
beforeAll(async () => {
  const c = await makeCommission(db);
  slug = c.slug;
  // Posted some day in February 2025: near a claim of 2025-03-15 (30 days reach 02-13).
  feb = await member(c.id, `Februa ${slug}`, [
    posting({
      startOn: "2025-02-01",
      startPrecision: "month",
      endOn: "2025-02-01",
      endPrecision: "month",
    }),
  ]);
  // Posted in June: not near.
  await member(c.id, `Junea ${slug}`, [posting({ startOn: "2025-06-02", startPrecision: "day" })]);
  // Posted at a sub-agency of another department.
  await member(c.id, `Cemesa ${slug}`, [
    posting({
      agencyRef: "CMS",
      agencyName: "Centers for Medicare and Medicaid Services",
      agencyCode: "075",
      startOn: "2025-03-01",
      startPrecision: "approximate",
    }),
  ]);
  // Dates never reported.
  await member(c.id, `Undated ${slug}`, [posting({})]);
  [claimId = 0, poolId = 0] = await addProposals(db, c.id, [
    { agencyCode: "024", claimDate: "2025-03-15", claimedSavings: "100" },
    {
      agencyCode: "024",
      claimDate: null,
      claimedSavings: "5",
      naturalKey: `contract:pool:X:${slug}`,
    },
  ]);
});

describe("members beside a claim", () => {
  it("lists those posted at its agency within 30 days of its date, a month-only date covering its month", async () => {
    const near = await json<Near>(await call(`/v1/proposals/${claimId}/members`));
    const mine = near.data.members.filter((m) => m.name.endsWith(slug));
    expect(mine.map((m) => [m.name, m.posting.dates])).toEqual([
      [`Februa ${slug}`, "February 2025"],
    ]);
    expect(near.data).toMatchObject({ from: "2025-02-13", to: "2025-04-14", reason: null });
    expect(near.data.undated_members).toBeGreaterThan(0);
  });

  it("says why a pool, which has no date, lists nobody", async () => {
    const near = await json<Near>(await call(`/v1/proposals/${poolId}/members`));
    expect(near.data.members).toEqual([]);
    expect(near.data.reason).toMatch(/no date/);
  });

  it("shows them on the claim's page, with the sentence that it is association only", async () => {
    const page = await texts(await (await call(`/proposals/${claimId}`)).text(), "#members");
    expect(page.join(" ")).toMatch(/Association, not attribution/);
    expect(page.join(" ")).toContain(`Februa ${slug}`);
  });
});

describe("an agency's page", () => {
  it("lists who was posted there and draws their postings beside its claims by month", async () => {
    const html = await (await call("/agencies/024")).text();
    const rows = await texts(html, "#postings td");
    expect(rows.join(" ")).toContain(`Februa ${slug}`);
    const lanes = await texts(html, "svg rect title");
    expect(
      lanes.some((t) =>
        t.startsWith(`Februa ${slug}: Office of Personnel Management, February 2025`),
      ),
    ).toBe(true);
    // Undated postings are in the table, not on the timeline.
    expect(lanes.some((t) => t.startsWith(`Undated ${slug}`))).toBe(false);
    expect(rows.join(" ")).toContain(`Undated ${slug}`);
  });

  it("is in GET /v1/agencies/{code}: each member posted there, the dates as reported, the source", async () => {
    const res = await call("/v1/agencies/024");
    type Posted = {
      member_id: number;
      name: string;
      postings: { dates: string; start_precision: string; source: { url: string } }[];
      links: { member: string };
    };
    const { data } = await json<{ data: { code: string; members: Posted[] } }>(res);
    // One entry per member, however many postings they had there (the roster's too).
    expect(new Set(data.members.map((m) => m.member_id)).size).toBe(data.members.length);
    const ours = data.members.filter((m) => m.name.endsWith(slug));
    expect(ours.map((m) => m.name).sort()).toEqual(
      [`Februa ${slug}`, `Junea ${slug}`, `Undated ${slug}`].sort(),
    );
    const february = ours.find((m) => m.name === `Februa ${slug}`);
    expect(february).toMatchObject({
      member_id: feb,
      postings: [{ dates: "February 2025", start_precision: "month" }],
      links: { member: `/v1/members/${feb}` },
    });
    expect(february?.postings[0]?.source.url).toBe("https://example.org/report");
    // A sub-agency's posting is its department's (CMS under HHS), not OPM's.
    expect(ours.some((m) => m.name === `Cemesa ${slug}`)).toBe(false);
    const hhs = await json<{ data: { members: Posted[] } }>(await call("/v1/agencies/075"));
    expect(hhs.data.members.map((m) => m.name)).toContain(`Cemesa ${slug}`);
  });
});

describe("GET /v1/members filters", () => {
  const names = async (query: string) =>
    (await json<{ data: { name: string }[] }>(await call(`/v1/members?limit=500&${query}`))).data
      .map((m) => m.name)
      .filter((n) => n.endsWith(slug));

  it("by agency, sub-agencies under their department", async () => {
    expect(await names("agency=075")).toEqual([`Cemesa ${slug}`]);
  });

  it("by the day they were posted: 2025-02-XX is on 2025-02-14, not on 2025-03-02", async () => {
    expect(await names("posted_on=2025-02-14&agency=024")).toEqual([`Februa ${slug}`]);
    expect(await names("posted_on=2025-03-02&agency=024")).toEqual([]);
  });

  it("by name, any case, and refuses a bad date with a problem naming it", async () => {
    expect(await names(`name=${encodeURIComponent(`junea ${slug}`)}`)).toEqual([`Junea ${slug}`]);
    const bad = await call("/v1/members?posted_on=2025-02-30");
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("posted_on");
  });

  it("gives each member's postings with their precision and source", async () => {
    const body = await json<{
      data: { postings: { start_precision: string; source: { url: string } }[] };
    }>(await call(`/v1/members/${feb}`));
    expect(body.data.postings).toMatchObject([
      { start_precision: "month", source: { url: "https://example.org/report" } },
    ]);
  });
});

describe("the roster", () => {
  it("is seeded: 120+ people, each posting with a source, CMS counted under HHS", async () => {
    const doge = await json<{
      data: {
        name: string;
        postings: { agency: string; agency_code: string | null; source: { url: string } }[];
      }[];
    }>(await call("/v1/members?commission=doge&limit=500"));
    expect(doge.data.length).toBeGreaterThanOrEqual(120);
    const postings = doge.data.flatMap((m) => m.postings);
    expect(postings.every((p) => p.source.url.startsWith("https://"))).toBe(true);
    expect(postings.filter((p) => p.agency === "CMS").every((p) => p.agency_code === "075")).toBe(
      true,
    );
    // The leaders are the same members as before, now with their postings.
    expect(doge.data.filter((m) => m.name === "Elon Musk")).toHaveLength(1);
  });

  it("lists on the member's page the claims at their agencies in the months they were there", async () => {
    const [row] = await db.select().from(members).where(eq(members.id, feb));
    const page = await texts(
      await (await call(`/members/${row?.id}`)).text(),
      "#posting-claims td",
    );
    expect(page.join(" ")).toContain("2025-02 to 2025-02");
  });
});

describe("an editor's postings", () => {
  type Member = {
    version: number;
    postings: { id: number; dates: string; retracted_at: string | null; source: { url: string } }[];
  };
  let auth: Record<string, string>;
  let memberId = 0;
  let commissionId = 0;
  beforeAll(async () => {
    auth = (await makeKey(db, "editor")).auth;
    commissionId = (await makeCommission(db)).id;
    memberId = await member(commissionId, `Edited ${crypto.randomUUID().slice(0, 8)}`, []);
  });
  const write = (method: string, path: string, body: unknown, etag?: string) =>
    call(path, {
      method,
      headers: jsonWith(auth, etag ? { "If-Match": etag } : {}),
      body: JSON.stringify(body),
    });
  const etagOf = async () => (await call(`/v1/members/${memberId}`)).headers.get("etag") ?? "";
  const posting = {
    agency: "OPM",
    agency_name: "Office of Personnel Management",
    agency_code: "024",
    type: "detailed",
    start: "2025-02-XX",
    source: "https://example.org/reported",
    reason: "reported by the example",
  };

  it("refuses a posting without the report it comes from, and writes nothing", async () => {
    const before = await etagOf();
    const { source: _source, ...unsourced } = posting;
    const res = await write("POST", `/v1/members/${memberId}/postings`, unsourced, before);
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.map((e) => e.name)).toContain("source");
    expect(await etagOf()).toBe(before);
  });

  it("adds, corrects and retracts one, each a version of the member with its reason", async () => {
    const added = await write("POST", `/v1/members/${memberId}/postings`, posting, await etagOf());
    expect(added.status).toBe(201);
    const body = await json<{ data: Member }>(added);
    const [p] = body.data.postings;
    expect(p?.dates).toBe("February 2025 onwards (no end reported)");

    // A stale ETag is refused.
    const stale = await write(
      "PATCH",
      `/v1/members/${memberId}/postings/${p?.id}`,
      { end: "2025-03-01" },
      '"v1"',
    );
    expect(stale.status).toBe(412);
    await stale.text();

    const corrected = await write(
      "PATCH",
      `/v1/members/${memberId}/postings/${p?.id}`,
      { end: "2025-03-01~", reason: "the report gives an end" },
      await etagOf(),
    );
    expect(corrected.status).toBe(200);
    expect((await json<{ data: Member }>(corrected)).data.postings[0]?.dates).toBe(
      "February 2025 to about 2025-03-01",
    );

    const retracted = await write("DELETE", `/v1/members/${memberId}/postings/${p?.id}`, {
      reason: "misattributed",
    });
    expect((await json<{ data: Member }>(retracted)).data.postings[0]?.retracted_at).toBeTruthy();
    // A retracted posting places the member on no day.
    const names = await json<{ data: { id: number }[] }>(
      await call("/v1/members?posted_on=2025-02-14&agency=024&limit=500"),
    );
    expect(names.data.map((m) => m.id)).not.toContain(memberId);

    const history = await json<{
      data: { version: number; actor: string; reason: string; changed_fields: object }[];
    }>(await call(`/v1/members/${memberId}/history`));
    expect(history.data.map((h) => [h.version, h.reason])).toEqual([
      [2, "reported by the example"],
      [3, "the report gives an end"],
      [4, "misattributed"],
    ]);
    expect(history.data.every((h) => h.actor.startsWith("key:"))).toBe(true);
    expect(history.data[1]?.changed_fields).toHaveProperty("postings");

    // The member's page tells the same history in words, part by part, never as raw JSON.
    const page = await (
      await call(`/members/${memberId}`, { headers: { Accept: "text/html" } })
    ).text();
    const rows = (await texts(page, "table.diff tbody tr")).map((r) => r.replace(/\s+/g, " "));
    expect(
      rows.some((r) => r.includes(`Posting ${p?.id} added`) && r.includes("agency: OPM")),
    ).toBe(true);
    expect(
      rows.some(
        (r) =>
          r.includes(`Posting ${p?.id} corrected`) &&
          r.includes("end: —") &&
          r.includes("end: 2025-03-01") &&
          !r.includes("agency:"),
      ),
    ).toBe(true);
    expect(rows.some((r) => r.includes(`Posting ${p?.id} retracted`))).toBe(true);
    expect(rows.join(" ")).not.toMatch(/[{}[\]]"/);
  });

  it("names the field of an unknown agency code, not the database's constraint", async () => {
    const res = await write(
      "POST",
      `/v1/members/${memberId}/postings`,
      { ...posting, agency_code: "9999" },
      await etagOf(),
    );
    expect(res.status).toBe(400);
    const problem = await json<Problem>(res);
    expect(problem.errors?.map((e) => e.name)).toEqual(["agency_code"]);
    expect(JSON.stringify(problem)).not.toMatch(/_fk|constraint|violates/);
  });

  it("answers 404 for a posting of another member", async () => {
    const res = await write(
      "PATCH",
      `/v1/members/${memberId}/postings/999999999`,
      { title: "x" },
      await etagOf(),
    );
    expect(res.status).toBe(404);
    await res.text();
  });
});
