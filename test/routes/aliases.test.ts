import { afterAll, describe, expect, it } from "vitest";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { makeProposals, twoAgencies } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

describe("agency aliases", () => {
  it("lists an unmatched source name, and an editor's alias matches its claims at once", async () => {
    const name = `Office of Test Affairs ${crypto.randomUUID().slice(0, 8)}`;
    const { ids } = await makeProposals(db, [
      { agencyName: name },
      { agencyName: `  ${name.toUpperCase()} ` },
    ]);
    const unmatched = await json<{ data: { agency_name: string; claims: number }[] }>(
      await call("/v1/agencies/unmatched"),
    );
    expect(unmatched.data.map((r) => r.agency_name)).toContain(name);

    const [agency] = await twoAgencies(db);
    const editor = await makeKey(db, "editor");
    const res = await call(`/v1/agencies/${agency.code}/aliases`, {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ alias: name, reason: "named so in the receipts" }),
    });
    expect(res.status).toBe(201);
    expect(
      (await json<{ data: { matched_claims: number } }>(res)).data.matched_claims,
    ).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      const { data } = await json<{ data: { agency_code: string; version: number } }>(
        await call(`/v1/proposals/${id}`),
      );
      expect(data.agency_code).toBe(agency.code);
      // The match is a version of the claim, by this editor, saying why.
      const history = await json<{
        data: { version: number; actor: string; reason: string; changed_fields: object }[];
      }>(await call(`/v1/proposals/${id}/history`));
      expect(history.data.at(-1)).toMatchObject({
        version: data.version,
        actor: `key:${editor.id}`,
        reason: "named so in the receipts",
        changed_fields: { agencyCode: { old: null, new: agency.code } },
      });
    }
    const again = await call(`/v1/agencies/${agency.code}/aliases`, {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ alias: name.toLowerCase() }),
    });
    expect(again.status).toBe(409);
    await again.text();
  });

  it("needs an editor key and a known agency", async () => {
    const anonymous = await call("/v1/agencies/012/aliases", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ alias: "x" }),
    });
    expect(anonymous.status).toBe(401);
    await anonymous.text();
    const editor = await makeKey(db, "editor");
    const unknown = await call("/v1/agencies/9999/aliases", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ alias: `Nobody ${crypto.randomUUID()}` }),
    });
    expect(unknown.status).toBe(404);
    expect((await json<Problem>(unknown)).type).toBe("/problems/not-found");
    // Found by the fuzzer: Postgres text cannot hold U+0000, so it is the client's 400.
    const nul = await call("/v1/agencies/012/aliases", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ alias: "\u0000" }),
    });
    expect(nul.status).toBe(400);
    expect((await json<Problem>(nul)).errors?.[0]?.name).toBe("alias");
  });
});
