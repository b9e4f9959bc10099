import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, proposals, proposalVersions } from "../../db/schema/index.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { makeProposals } from "../helpers/proposals.ts";

type Proposal = {
  id: number;
  version: number;
  title: string;
  claimed_savings: string | null;
  retracted_at: string | null;
  retraction_reason: string | null;
};
type Version = {
  version: number;
  actor: string;
  reason: string | null;
  changed_fields: Record<string, { old: unknown; new: unknown }>;
  request_id: string | null;
};

const { db, close } = testDb();
afterAll(() => close());

let slug = "";
let editor: Awaited<ReturnType<typeof makeKey>>;
beforeAll(async () => {
  ({ slug } = await makeProposals(db, []));
  editor = await makeKey(db, "editor");
});

function post(body: unknown, headers: Record<string, string> = editor.auth) {
  return call("/v1/proposals", {
    method: "POST",
    headers: jsonWith(headers),
    body: JSON.stringify(body),
  });
}

function patch(id: number, body: unknown, ifMatch?: string | null) {
  return call(`/v1/proposals/${id}`, {
    method: "PATCH",
    headers: jsonWith(editor.auth, ifMatch ? { "If-Match": ifMatch } : {}),
    body: JSON.stringify(body),
  });
}

async function created(body: Record<string, unknown> = {}) {
  const res = await post({
    commission: slug,
    kind: "contract",
    title: "A hand-entered cut",
    ...body,
  });
  expect(res.status).toBe(201);
  return { etag: res.headers.get("etag") ?? "", data: (await json<{ data: Proposal }>(res)).data };
}

async function versionsOf(id: number) {
  return (await json<{ data: Version[] }>(await call(`/v1/proposals/${id}/history`))).data;
}

describe("authentication", () => {
  it.each([
    ["no Authorization header", {}],
    ["a malformed key", { Authorization: "Bearer not-a-key" }],
    ["a key that does not exist", { Authorization: `Bearer cw_00000000_${"A".repeat(43)}` }],
    ["a Basic credential", { Authorization: "Basic dXNlcjpwYXNz" }],
  ])("refuses %s with 401 problem+json", async (_name, headers) => {
    const res = await post({ commission: slug, kind: "contract", title: "x" }, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await json<Problem>(res)).type).toBe("/problems/unauthorized");
  });

  it("refuses the right prefix with a wrong secret", async () => {
    const forged = `${editor.token.slice(0, 12)}${"B".repeat(43)}`;
    const res = await post(
      { commission: slug, kind: "contract", title: "x" },
      { Authorization: `Bearer ${forged}` },
    );
    expect(res.status).toBe(401);
    await res.text();
  });

  it("refuses an editor key on an admin route with 403", async () => {
    const res = await call("/v1/admin/keys", { headers: editor.auth });
    expect(res.status).toBe(403);
    expect((await json<Problem>(res)).type).toBe("/problems/forbidden");
  });

  it("stops a revoked key at once", async () => {
    const admin = await makeKey(db, "admin");
    const victim = await makeKey(db, "editor");
    const before = await post({ commission: slug, kind: "contract", title: "before" }, victim.auth);
    expect(before.status).toBe(201);
    await before.text();
    const revoke = await call(`/v1/admin/keys/${victim.id}`, {
      method: "DELETE",
      headers: admin.auth,
    });
    expect(revoke.status).toBe(200);
    expect((await json<{ data: { revoked_at: string } }>(revoke)).data.revoked_at).toBeTruthy();
    const after = await post({ commission: slug, kind: "contract", title: "after" }, victim.auth);
    expect(after.status).toBe(401);
    await after.text();
  });
});

describe("POST /v1/proposals", () => {
  it("creates a proposal with a Location, a version ETag and a first history version", async () => {
    const res = await post({
      commission: slug,
      kind: "grant",
      title: "Grant to a museum",
      claimed_savings: "1250.50",
      sources: [{ url: "https://example.org/report" }],
      reason: "from the agency's press release",
    });
    expect(res.status).toBe(201);
    const { data } = await json<{ data: Proposal }>(res);
    expect(res.headers.get("location")).toBe(`/v1/proposals/${data.id}`);
    expect(res.headers.get("etag")).toMatch(/^"v1-[0-9a-f]+"$/);
    expect(data).toMatchObject({ version: 1, claimed_savings: "1250.50" });
    const read = await call(`/v1/proposals/${data.id}`);
    expect(read.headers.get("etag")).toBe(res.headers.get("etag"));
    await read.text();
    const [first] = await versionsOf(data.id);
    expect(first).toMatchObject({
      version: 1,
      actor: `key:${editor.id}`,
      reason: "from the agency's press release",
    });
  });

  it("replays an idempotent retry instead of writing twice", async () => {
    const body = { commission: slug, kind: "contract", title: `Retry me ${crypto.randomUUID()}` };
    const headers = { ...editor.auth, "Idempotency-Key": crypto.randomUUID() };
    const first = await post(body, headers);
    const second = await post(body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const a = await json<{ data: Proposal }>(first);
    const b = await json<{ data: Proposal }>(second);
    expect(b.data.id).toBe(a.data.id);
    const [rows] = await db
      .select({ n: count() })
      .from(proposals)
      .where(eq(proposals.title, body.title));
    expect(rows?.n).toBe(1);
  });

  it("writes once when the same idempotent request arrives twice at the same time", async () => {
    const body = { commission: slug, kind: "contract", title: `Twins ${crypto.randomUUID()}` };
    const headers = { ...editor.auth, "Idempotency-Key": crypto.randomUUID() };
    const [a, b] = await Promise.all([post(body, headers), post(body, headers)]);
    const ids = [
      (await json<{ data: Proposal }>(a)).data.id,
      (await json<{ data: Proposal }>(b)).data.id,
    ];
    expect(ids[0]).toBe(ids[1]);
    const [rows] = await db
      .select({ n: count() })
      .from(proposals)
      .where(eq(proposals.title, body.title));
    expect(rows?.n).toBe(1);
  });

  it("refuses an Idempotency-Key reused for another request", async () => {
    const headers = { ...editor.auth, "Idempotency-Key": crypto.randomUUID() };
    const first = await post({ commission: slug, kind: "contract", title: "one" }, headers);
    await first.text();
    const second = await post({ commission: slug, kind: "contract", title: "two" }, headers);
    expect(second.status).toBe(422);
    expect((await json<Problem>(second)).type).toBe("/problems/idempotency-key-reused");
  });
});

describe("PATCH /v1/proposals/{id}", () => {
  it("requires If-Match (428) and refuses a stale one (412)", async () => {
    const { data, etag } = await created();
    const missing = await patch(data.id, { title: "new" });
    expect(missing.status).toBe(428);
    expect((await json<Problem>(missing)).type).toBe("/problems/precondition-required");
    const ok = await patch(data.id, { title: "new" }, etag);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toMatch(/^"v2-/);
    await ok.text();
    const stale = await patch(data.id, { title: "newer" }, etag);
    expect(stale.status).toBe(412);
    expect((await json<Problem>(stale)).type).toBe("/problems/precondition-failed");
  });

  it("lets exactly one of two concurrent edits of the same version win", async () => {
    const { data, etag } = await created();
    const [a, b] = await Promise.all([
      patch(data.id, { title: "Editor A" }, etag),
      patch(data.id, { title: "Editor B" }, etag),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? "Editor A" : "Editor B";
    await a.text();
    await b.text();
    const now = await json<{ data: Proposal }>(await call(`/v1/proposals/${data.id}`));
    expect(now.data).toMatchObject({ title: winner, version: 2 });
    expect((await versionsOf(data.id)).map((v) => v.version)).toEqual([1, 2]);
  });

  it("keeps every edit as a version with field-level diffs", async () => {
    let { data, etag } = await created({ claimed_savings: "100.00", recipient: "Acme" });
    const edits = [
      { claimed_savings: "250", reason: "amended figure" },
      { recipient: "Acme Corp", title: "Renamed" },
      { claimed_savings: null },
    ];
    for (const edit of edits) {
      const res = await patch(data.id, edit, etag);
      expect(res.status).toBe(200);
      etag = res.headers.get("etag") ?? "";
      data = (await json<{ data: Proposal }>(res)).data;
    }
    const history = await versionsOf(data.id);
    expect(history.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(history[1]).toMatchObject({
      changed_fields: { claimedSavings: { old: "100.00", new: "250" } },
      reason: "amended figure",
      actor: `key:${editor.id}`,
    });
    expect(history[2]?.changed_fields).toEqual({
      recipient: { old: "Acme", new: "Acme Corp" },
      title: { old: "A hand-entered cut", new: "Renamed" },
    });
    expect(history[3]?.changed_fields).toEqual({ claimedSavings: { old: "250", new: null } });
    const v2 = await call(`/v1/proposals/${data.id}/versions/2`);
    expect(v2.headers.get("cache-control")).toContain("immutable");
    expect(
      (await json<{ data: { snapshot: { claimedSavings: string } } }>(v2)).data.snapshot
        .claimedSavings,
    ).toBe("250");
  });

  it("gives a corrected agency name the agency its alias names, unless the edit sets one", async () => {
    let { data, etag } = await created({
      agency_name: "Department of Agriculture",
      agency_code: "012",
    });
    const edit = async (body: Record<string, unknown>) => {
      const res = await patch(data.id, body, etag);
      expect(res.status, await res.clone().text()).toBe(200);
      etag = res.headers.get("etag") ?? "";
      data = (await json<{ data: Proposal }>(res)).data;
      return data;
    };
    expect(await edit({ agency_name: "Department of Education" })).toMatchObject({
      agency_code: "091",
    });
    expect((await versionsOf(data.id)).at(-1)?.changed_fields).toEqual({
      agencyName: { old: "Department of Agriculture", new: "Department of Education" },
      agencyCode: { old: "012", new: "091" },
    });
    // A name no alias knows leaves the claim unmatched, to be listed for an alias.
    expect(await edit({ agency_name: "Office of Nowhere" })).toMatchObject({ agency_code: null });
    // The editor's own code wins over the alias.
    expect(
      await edit({ agency_name: "Department of Education", agency_code: "012" }),
    ).toMatchObject({ agency_name: "Department of Education", agency_code: "012" });
    // Other edits leave the agency alone.
    expect(await edit({ title: "Renamed" })).toMatchObject({ agency_code: "012" });
  });

  it("writes nothing when the patch changes nothing", async () => {
    const { data, etag } = await created({ title: "Same" });
    const res = await patch(data.id, { title: "Same" }, etag);
    expect(res.status).toBe(200);
    expect((await json<{ data: Proposal }>(res)).data.version).toBe(1);
  });
});

describe("DELETE /v1/proposals/{id}", () => {
  it("retracts softly with a reason, and the record stays readable", async () => {
    const { data } = await created();
    const res = await call(`/v1/proposals/${data.id}`, {
      method: "DELETE",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ reason: "duplicate of an agency filing" }),
    });
    expect(res.status).toBe(200);
    await res.text();
    const read = await json<{ data: Proposal }>(await call(`/v1/proposals/${data.id}`));
    expect(read.data.retracted_at).toBeTruthy();
    expect(read.data.retraction_reason).toBe("duplicate of an agency filing");
    expect((await versionsOf(data.id)).at(-1)?.reason).toBe("duplicate of an agency filing");
  });

  it("needs a reason", async () => {
    const { data } = await created();
    const res = await call(`/v1/proposals/${data.id}`, {
      method: "DELETE",
      headers: jsonWith(editor.auth),
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("reason");
  });
});

describe("hardening", () => {
  it.each([
    ["claimed_savings", { claimed_savings: "12.345" }],
    ["claimed_savings", { claimed_savings: "-5" }],
    ["claimed_savings", { claimed_savings: 12.5 }],
    ["source_url", { source_url: "ftp://example.org/file" }],
    ["sources.0.url", { sources: [{ url: "javascript:alert(1)" }] }],
    ["title", { title: "x".repeat(501) }],
    ["claim_date", { claim_date: "2025-02-30" }],
    // Values the database would refuse with its own error: year 0, an integer out of range.
    ["claim_date", { claim_date: "0000-01-01" }],
    ["lease_sq_ft", { lease_sq_ft: 3e9 }],
    ["kind", { kind: "spaceship" }],
    ["colour", { colour: "red" }],
    // Postgres text cannot hold U+0000: a field-level 400, not the database's encoding error.
    ["description", { description: "before\u0000after" }],
    ["sources.0.title", { sources: [{ url: "https://example.org/", title: "\u0000" }] }],
    ["source_url", { source_url: "https://example.org/a\u0000b" }],
    ["sources.0.note", { sources: [{ url: "https://example.org/", note: "half \ud800 a pair" }] }],
  ])("rejects a bad %s with a 400 naming it, writing nothing", async (name, bad) => {
    const title = `Invalid ${crypto.randomUUID()}`;
    const auditBefore = await auditCount(editor.id);
    const res = await post({ commission: slug, kind: "contract", title, ...bad });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.map((e) => e.name)).toContain(name);
    const [rows] = await db
      .select({ n: count() })
      .from(proposals)
      .where(eq(proposals.title, title));
    expect(rows?.n).toBe(0);
    expect(await auditCount(editor.id)).toBe(auditBefore);
  });

  it("rejects a bad patch without a version or an audit row", async () => {
    const { data, etag } = await created();
    const auditBefore = await auditCount(editor.id);
    const res = await patch(data.id, { claimed_savings: "1.001" }, etag);
    expect(res.status).toBe(400);
    await res.text();
    const [versions] = await db
      .select({ n: count() })
      .from(proposalVersions)
      .where(eq(proposalVersions.proposalId, data.id));
    expect(versions?.n).toBe(1);
    expect(await auditCount(editor.id)).toBe(auditBefore);
  });

  it("answers 415 to a body that is not JSON and 413 to one too large", async () => {
    const text = await call("/v1/proposals", {
      method: "POST",
      headers: { ...editor.auth, "Content-Type": "text/plain" },
      body: "commission=doge",
    });
    expect(text.status).toBe(415);
    expect((await json<Problem>(text)).type).toBe("/problems/unsupported-media-type");
    const huge = await post({
      commission: slug,
      kind: "contract",
      title: "big",
      description: "x".repeat(70_000),
    });
    expect(huge.status).toBe(413);
    expect((await json<Problem>(huge)).type).toBe("/problems/payload-too-large");
  });

  it("says which required field is missing", async () => {
    const res = await post({ commission: slug, kind: "contract" });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors).toEqual([{ name: "title", message: "is required" }]);
  });

  it("names an unknown commission", async () => {
    const res = await post({ commission: "no-such-commission", kind: "contract", title: "x" });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("commission");
  });
});

async function auditCount(keyId: number) {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.actor, `key:${keyId}`)));
  return row?.n ?? 0;
}
