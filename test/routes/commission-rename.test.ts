import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import { auditLog, commissions } from "../../db/schema/index.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { addProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

type Commission = { data: { slug: string; former_slugs: string[]; version: number } };
type List = { data: { id: number }[] };

async function renamed(from: string, to: string, auth: Record<string, string>) {
  return call(`/v1/commissions/${from}/rename`, {
    method: "POST",
    headers: jsonWith(auth),
    body: JSON.stringify({ slug: to, reason: "the commission's own new name" }),
  });
}

describe("a commission's slug", () => {
  it("is not changed by an editor's PATCH, nor renamed without an admin key", async () => {
    const commission = await makeCommission(db);
    const editor = await makeKey(db, "editor");
    const read = await call(`/v1/commissions/${commission.slug}`);
    const patch = await call(`/v1/commissions/${commission.slug}`, {
      method: "PATCH",
      headers: jsonWith(editor.auth, { "If-Match": read.headers.get("etag") ?? "" }),
      body: JSON.stringify({ slug: "taken-over" }),
    });
    expect(patch.status).toBe(400);
    expect((await json<Problem>(patch)).errors?.map((e) => e.name)).toEqual(["slug"]);
    expect((await renamed(commission.slug, "taken-over", editor.auth)).status).toBe(403);
    // Nothing moved: the commission answers under its slug, and the other does not exist.
    expect((await call(`/v1/commissions/${commission.slug}`)).status).toBe(200);
    expect((await call("/v1/commissions/taken-over")).status).toBe(404);
  });

  it("renamed by an admin, keeps its old slug redirecting and filtering the same rows", async () => {
    const commission = await makeCommission(db);
    await addProposals(db, commission.id, [
      { title: "Renamed one", claimedSavings: "100.00" },
      { title: "Renamed two", claimedSavings: "23.45" },
    ]);
    const admin = await makeKey(db, "admin");
    const to = `${commission.slug}-new`;
    const before = await json<{ data: unknown[] }>(
      await call(`/v1/savings/summary?commission=${commission.slug}`),
    );

    const res = await renamed(commission.slug, to, admin.auth);
    expect(res.status).toBe(200);
    const body = await json<Commission>(res);
    expect(body.data.slug).toBe(to);
    expect(body.data.former_slugs).toEqual([commission.slug]);

    // The old URL sends readers to the new one.
    const old = await call(`/v1/commissions/${commission.slug}`, { redirect: "manual" });
    expect(old.status).toBe(308);
    expect(old.headers.get("location")).toBe(`/v1/commissions/${to}`);
    expect((await call(`/v1/commissions/${to}`)).status).toBe(200);

    // Filters by the old slug give the same rows and totals as by the new one.
    const byOld = await json<List>(await call(`/v1/proposals?commission=${commission.slug}`));
    const byNew = await json<List>(await call(`/v1/proposals?commission=${to}`));
    expect(byOld.data.map((p) => p.id).sort()).toEqual(byNew.data.map((p) => p.id).sort());
    expect(byNew.data).toHaveLength(2);
    const summaryOld = await json<{ data: { commission: string }[] }>(
      await call(`/v1/savings/summary?commission=${commission.slug}`),
    );
    const summaryNew = await json<{ data: unknown[] }>(
      await call(`/v1/savings/summary?commission=${to}`),
    );
    expect(summaryOld).toEqual(summaryNew);
    expect(summaryOld.data[0]?.commission).toBe(to);
    expect(summaryOld.data).toHaveLength(before.data.length);
    // The job and the writes find it by either slug.
    expect(await commissionIdBySlug(db, commission.slug)).toBe(commission.id);
    expect(await commissionIdBySlug(db, to)).toBe(commission.id);

    const [audit] = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.resourceType, "commission"),
          eq(auditLog.resourceId, String(commission.id)),
          eq(auditLog.action, "commission.rename"),
        ),
      );
    expect(audit).toMatchObject({
      action: "commission.rename",
      actor: `key:${admin.id}`,
      details: expect.objectContaining({ from: commission.slug, to }),
    });
  });

  it("refuses a slug another commission holds or held, and may take its own old one back", async () => {
    const first = await makeCommission(db);
    const second = await makeCommission(db);
    const admin = await makeKey(db, "admin");
    const held = await renamed(second.slug, first.slug, admin.auth);
    expect(held.status).toBe(409);
    expect((await json<Problem>(held)).errors?.map((e) => e.name)).toEqual(["slug"]);

    const to = `${first.slug}-b`;
    expect((await renamed(first.slug, to, admin.auth)).status).toBe(200);
    // first's old slug is still first's: nobody else takes it.
    expect((await renamed(second.slug, first.slug, admin.auth)).status).toBe(409);
    // first takes it back: it is its current slug again, no longer a former one.
    const back = await renamed(to, first.slug, admin.auth);
    expect(back.status).toBe(200);
    expect((await json<Commission>(back)).data).toMatchObject({
      slug: first.slug,
      former_slugs: [to],
    });
    expect((await call(`/v1/commissions/${first.slug}`)).status).toBe(200);
  });

  it("held before by one commission, can be taken by no other, so it names one commission", async () => {
    const first = await makeCommission(db);
    await addProposals(db, first.id, [{ title: "First's claim", claimedSavings: "10.00" }]);
    const admin = await makeKey(db, "admin");
    const editor = await makeKey(db, "editor");
    const to = `${first.slug}-now`;
    expect((await renamed(first.slug, to, admin.auth)).status).toBe(200);

    // An editor's create cannot squat the old slug: 409 naming the field, nothing written.
    const squat = await call("/v1/commissions", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({
        slug: first.slug,
        name: "Impostor",
        jurisdiction: "Test",
        sources: [{ url: "https://example.org/impostor" }],
        reason: "a squatter's try",
      }),
    });
    expect(squat.status).toBe(409);
    expect((await json<Problem>(squat)).errors?.map((e) => e.name)).toEqual(["slug"]);
    const named = await db.select().from(commissions).where(eq(commissions.name, "Impostor"));
    expect(named).toEqual([]);

    // Nor can any other path write it: the database itself refuses.
    await expect(
      db.insert(commissions).values({ slug: first.slug, name: "Impostor", jurisdiction: "Test" }),
    ).rejects.toThrow();

    // The old slug still names exactly the first commission, for filters and for the job.
    const byOld = await json<{ data: { title: string }[] }>(
      await call(`/v1/proposals?commission=${first.slug}`),
    );
    expect(byOld.data.map((p) => p.title)).toEqual(["First's claim"]);
    expect(await commissionIdBySlug(db, first.slug)).toBe(first.id);
  });

  it("compares If-Match strongly: the ETag as read passes, its weak form never matches", async () => {
    const commission = await makeCommission(db);
    const editor = await makeKey(db, "editor");
    const etag = (await call(`/v1/commissions/${commission.slug}`)).headers.get("etag") ?? "";
    const patch = (ifMatch: string) =>
      call(`/v1/commissions/${commission.slug}`, {
        method: "PATCH",
        headers: jsonWith(editor.auth, { "If-Match": ifMatch }),
        body: JSON.stringify({ mandate: "Checked strongly", reason: "a test of If-Match" }),
      });
    const weak = await patch(`W/${etag}`);
    expect(weak.status).toBe(412);
    await weak.arrayBuffer();
    const [row] = await db.select().from(commissions).where(eq(commissions.id, commission.id));
    expect(row?.mandate).toBeNull();
    const strong = await patch(etag);
    expect(strong.status).toBe(200);
    await strong.arrayBuffer();
  });
});
