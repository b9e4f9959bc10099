import { env } from "cloudflare:test";
import { createDb } from "../../db/client.ts";
import { commissions } from "../../db/schema/index.ts";

export type TestDb = ReturnType<typeof testDb>["db"];

/** A client on the test database, for arranging rows and checking what a request wrote. */
export function testDb(opts: { onQuery?: () => void } = {}) {
  return createDb({
    databaseUrl: env.DATABASE_URL ?? "",
    wsProxy: env.NEON_WS_PROXY,
    onQuery: opts.onQuery,
  });
}

/** A commission of the test's own, so tests never see each other's rows. */
export async function makeCommission(db: TestDb) {
  const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(commissions)
    .values({ slug, name: `Test commission ${slug}`, jurisdiction: "Test" })
    .returning();
  if (!row) throw new Error("could not create a test commission");
  return row;
}
