import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";

const { db, close } = testDb();
afterAll(() => close());

let auth: Record<string, string>;
let commission = "";
beforeAll(async () => {
  auth = (await makeKey(db, "editor")).auth;
  commission = (await makeCommission(db)).slug; // never the seeded one: others count its members
});

const source = [{ url: "https://www.federalregister.gov/d/2025-02005" }];

function write(method: string, path: string, body: unknown, extra: Record<string, string> = {}) {
  return call(path, { method, headers: jsonWith(auth, extra), body: JSON.stringify(body) });
}

describe("commission writes", () => {
  const slug = `c-${crypto.randomUUID().slice(0, 8)}`;

  it("create, correct by slug with If-Match, and refuse a duplicate slug with 409", async () => {
    const created = await write("POST", "/v1/commissions", {
      slug,
      name: "Commission on Waste",
      jurisdiction: "Test State",
      sources: source,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/v1/commissions/${slug}`);
    const etag = created.headers.get("etag") ?? "";
    await created.text();
    const patched = await write(
      "PATCH",
      `/v1/commissions/${slug}`,
      { dissolved_on: "2026-07-04" },
      { "If-Match": etag },
    );
    expect(patched.status).toBe(200);
    expect(
      (await json<{ data: { dissolved_on: string; version: number } }>(patched)).data,
    ).toMatchObject({
      dissolved_on: "2026-07-04",
      version: 2,
    });
    const dup = await write("POST", "/v1/commissions", {
      slug,
      name: "Again",
      jurisdiction: "X",
      sources: source,
    });
    expect(dup.status).toBe(409);
    expect((await json<Problem>(dup)).type).toBe("/problems/conflict");
  });

  it("needs a source for every commission", async () => {
    const res = await write("POST", "/v1/commissions", {
      slug: `${slug}-x`,
      name: "N",
      jurisdiction: "J",
      sources: [],
    });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("sources");
  });

  it("answers 404 for a PATCH of an unknown slug", async () => {
    const res = await write(
      "PATCH",
      "/v1/commissions/no-such-commission",
      { name: "x" },
      { "If-Match": '"v1"' },
    );
    expect(res.status).toBe(404);
    await res.text();
  });
});

describe("member writes", () => {
  it("add a member, correct them with a history diff, and retract them", async () => {
    const created = await write("POST", "/v1/members", {
      commission,
      name: "A. Staffer",
      role: "Engineer",
      sources: source,
    });
    expect(created.status).toBe(201);
    const { data } = await json<{ data: { id: number } }>(created);
    const patched = await write(
      "PATCH",
      `/v1/members/${data.id}`,
      { role: "Senior engineer", reason: "per later filing" },
      { "If-Match": created.headers.get("etag") ?? "" },
    );
    expect(patched.status).toBe(200);
    await patched.text();
    const retracted = await write("DELETE", `/v1/members/${data.id}`, { reason: "misidentified" });
    expect(retracted.status).toBe(200);
    expect(
      (await json<{ data: { retraction_reason: string } }>(retracted)).data.retraction_reason,
    ).toBe("misidentified");
    const history = await json<{
      data: { version: number; changed_fields: object; reason: string }[];
    }>(await call(`/v1/members/${data.id}/history`));
    expect(history.data.map((h) => h.version)).toEqual([1, 2, 3]);
    expect(history.data[1]).toMatchObject({
      changed_fields: { role: { old: "Engineer", new: "Senior engineer" } },
      reason: "per later filing",
    });
  });

  it("need a source", async () => {
    const res = await write("POST", "/v1/members", { commission, name: "No Source" });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]).toEqual({
      name: "sources",
      message: "is required",
    });
  });
});
