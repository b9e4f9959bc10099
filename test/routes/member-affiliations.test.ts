import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberAffiliations, memberVersions } from "../../db/schema/index.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";

const { db, close } = testDb();
afterAll(() => close());

let auth: Record<string, string>;
let commission = "";
beforeAll(async () => {
  auth = (await makeKey(db, "editor")).auth;
  commission = (await makeCommission(db)).slug;
});

const REPORT = "https://www.example.org/reports/2025/people-at-the-agency";

function write(method: string, path: string, body: unknown, extra: Record<string, string> = {}) {
  return call(path, { method, headers: jsonWith(auth, extra), body: JSON.stringify(body) });
}

type Affiliation = {
  id: number;
  organization: string;
  relation: string;
  title: string | null;
  dates: string;
  start_precision: string;
  recipient: { uei: string | null; name: string | null } | null;
  source: { url: string };
  federal_awards: { awards: unknown[]; fetched_at: string | null } | null;
  retracted_at: string | null;
  retraction_reason: string | null;
};
type Member = { id: number; version: number; affiliations: Affiliation[] };

/** A member of this file's own commission, and the ETag to edit it with. */
async function newMember(name: string) {
  const res = await write("POST", "/v1/members", {
    commission,
    name,
    sources: [{ url: "https://www.example.org/reports/2025/roster" }],
  });
  expect(res.status).toBe(201);
  const { data } = await json<{ data: Member }>(res);
  return { id: data.id, etag: res.headers.get("etag") ?? "" };
}

async function affiliationRows(memberId: number) {
  return db.select().from(memberAffiliations).where(eq(memberAffiliations.memberId, memberId));
}

async function auditActions(memberId: number) {
  const rows = await db
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.resourceType, "member"),
        eq(auditLog.resourceId, String(memberId)),
        like(auditLog.action, "member.affiliation.%"),
      ),
    )
    .orderBy(asc(auditLog.id));
  return rows;
}

describe("member affiliations", () => {
  it("refuse an affiliation without a source, or with a source that is not http(s), writing nothing", async () => {
    const { id, etag } = await newMember("No Source Given");
    const base = { organization: "Example Corp", relation: "employer" };
    const missing = await write("POST", `/v1/members/${id}/affiliations`, base, {
      "If-Match": etag,
    });
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect((await json<Problem>(missing)).errors?.[0]).toEqual({
      name: "source",
      message: "is required",
    });
    for (const source of ["ftp://files.example.org/report.pdf", "javascript:alert(1)", "report"]) {
      const bad = await write(
        "POST",
        `/v1/members/${id}/affiliations`,
        { ...base, source },
        { "If-Match": etag },
      );
      expect(bad.status).toBe(400);
      expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("source");
    }
    expect(await affiliationRows(id)).toEqual([]);
    expect(await auditActions(id)).toEqual([]);
    const member = await json<{ data: Member }>(await call(`/v1/members/${id}`));
    expect(member.data.version).toBe(1);
    expect(member.data.affiliations).toEqual([]);
  });

  it("refuse what a report of an affiliation must not carry: an age, contact data, a label", async () => {
    const { id, etag } = await newMember("Only The Facts");
    for (const extra of [{ age: 29 }, { email: "someone@example.org" }, { label: "crony" }]) {
      const res = await write(
        "POST",
        `/v1/members/${id}/affiliations`,
        { organization: "Example Corp", relation: "owner", source: REPORT, ...extra },
        { "If-Match": etag },
      );
      expect(res.status).toBe(400);
      await res.text();
    }
    const bad = await write(
      "POST",
      `/v1/members/${id}/affiliations`,
      { organization: "Example Corp", relation: "friend", source: REPORT },
      { "If-Match": etag },
    );
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors?.[0]?.name).toBe("relation");
    expect(await affiliationRows(id)).toEqual([]);
  });

  it("add, correct and retract an affiliation: each a version of the member with its diff, and an audit row", async () => {
    const { id, etag } = await newMember("A. Founder");
    const unconditional = await write("POST", `/v1/members/${id}/affiliations`, {
      organization: "Example Corp",
      relation: "leader",
      source: REPORT,
    });
    expect(unconditional.status).toBe(428);
    await unconditional.text();

    const created = await write(
      "POST",
      `/v1/members/${id}/affiliations`,
      {
        organization: "Example Corp",
        relation: "leader",
        title: "Chief executive",
        start: "2019-03-XX",
        recipient_uei: "ckv2l9gzkjk3",
        source: REPORT,
        reason: "named in the report",
      },
      { "If-Match": etag },
    );
    expect(created.status).toBe(201);
    const added = (await json<{ data: Member }>(created)).data;
    expect(added.version).toBe(2);
    const [affiliation] = added.affiliations;
    expect(affiliation).toMatchObject({
      organization: "Example Corp",
      relation: "leader",
      title: "Chief executive",
      start_precision: "month",
      dates: "March 2019 onwards (no end reported)",
      recipient: { uei: "CKV2L9GZKJK3", name: null },
      source: { url: REPORT },
      retracted_at: null,
    });
    // Named a recipient, not looked up yet: listed as awaiting the job.
    expect(affiliation?.federal_awards).toMatchObject({ awards: [], fetched_at: null });
    const affiliationId = affiliation?.id ?? 0;

    const stale = await write(
      "PATCH",
      `/v1/members/${id}/affiliations/${affiliationId}`,
      { title: "Founder" },
      { "If-Match": etag },
    );
    expect(stale.status).toBe(412);
    await stale.text();

    const corrected = await write(
      "PATCH",
      `/v1/members/${id}/affiliations/${affiliationId}`,
      { title: "Founder and chief executive", reason: "the report's correction" },
      { "If-Match": created.headers.get("etag") ?? "" },
    );
    expect(corrected.status).toBe(200);
    const after = (await json<{ data: Member }>(corrected)).data;
    expect(after.version).toBe(3);
    expect(after.affiliations[0]?.title).toBe("Founder and chief executive");

    const unknown = await write(
      "PATCH",
      `/v1/members/${id}/affiliations/999999999`,
      { title: "x" },
      { "If-Match": corrected.headers.get("etag") ?? "" },
    );
    expect(unknown.status).toBe(404);
    await unknown.text();

    const retracted = await write("DELETE", `/v1/members/${id}/affiliations/${affiliationId}`, {
      reason: "the report confused two people",
    });
    expect(retracted.status).toBe(200);
    const gone = (await json<{ data: Member }>(retracted)).data;
    expect(gone.version).toBe(4);
    expect(gone.affiliations[0]).toMatchObject({
      retraction_reason: "the report confused two people",
      federal_awards: null,
    });
    expect(gone.affiliations[0]?.retracted_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const history = await json<{
      data: {
        version: number;
        reason: string | null;
        changed_fields: { affiliations?: { old: { title: string }[]; new: { title: string }[] } };
      }[];
    }>(await call(`/v1/members/${id}/history`));
    expect(history.data.map((h) => h.version)).toEqual([1, 2, 3, 4]);
    expect(history.data[1]?.changed_fields.affiliations?.old).toEqual([]);
    expect(history.data[1]?.reason).toBe("named in the report");
    expect(history.data[2]).toMatchObject({
      reason: "the report's correction",
      changed_fields: {
        affiliations: {
          old: [{ title: "Chief executive" }],
          new: [{ title: "Founder and chief executive" }],
        },
      },
    });
    expect(history.data[3]?.reason).toBe("the report confused two people");

    const versions = await db
      .select({ version: memberVersions.version })
      .from(memberVersions)
      .where(eq(memberVersions.memberId, id));
    expect(versions).toHaveLength(4);
    const audit = await auditActions(id);
    expect(audit.map((a) => a.action)).toEqual([
      "member.affiliation.add",
      "member.affiliation.correct",
      "member.affiliation.retract",
    ]);
    expect(audit.map((a) => (a.details as { version: number }).version)).toEqual([2, 3, 4]);
  });
});
