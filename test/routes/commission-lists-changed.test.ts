import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { commissions, proposalVersions } from "../../db/schema/index.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

const version = (proposalId: number, n: number, actor: string, observedAt: string) => ({
  proposalId,
  version: n,
  snapshot: {},
  actor,
  observedAt,
});

/** The value kept on the commission's row: what a read serves, with no scan of versions. */
async function kept(id: number) {
  const [row] = await db
    .select({ at: commissions.listsLastChangedAt })
    .from(commissions)
    .where(eq(commissions.id, id));
  return row?.at ? new Date(row.at).toISOString() : null;
}

describe("a commission's lists_last_changed_at", () => {
  it("is kept on its row as the source's versions arrive: forward only, editors' edits aside", async () => {
    const { slug, commissionId, ids } = await makeProposals(db, [{ title: "A" }, { title: "B" }]);
    const [a, b] = ids as [number, number];
    expect(await kept(commissionId)).toBeNull();

    await db
      .insert(proposalVersions)
      .values([
        version(a, 1, "source:doge", "2025-03-05T00:00:00Z"),
        version(b, 1, "source:doge", "2025-04-16T00:00:00Z"),
      ]);
    expect(await kept(commissionId)).toBe("2025-04-16T00:00:00.000Z");

    // An older capture loaded later, and an editor's correction, leave it where it was.
    await db.insert(proposalVersions).values(version(a, 2, "source:doge", "2025-02-18T00:00:00Z"));
    await db.insert(proposalVersions).values(version(b, 2, "key:1", "2026-01-01T00:00:00Z"));
    expect(await kept(commissionId)).toBe("2025-04-16T00:00:00.000Z");

    await db.insert(proposalVersions).values(version(a, 3, "source:doge", "2025-05-12T00:00:00Z"));
    expect(await kept(commissionId)).toBe("2025-05-12T00:00:00.000Z");

    // The API serves the kept value.
    const res = await call(`/v1/commissions/${slug}`);
    const body = await json<{ data: { lists_last_changed_at: string } }>(res);
    expect(new Date(body.data.lists_last_changed_at).toISOString()).toBe(
      "2025-05-12T00:00:00.000Z",
    );
  });
});
