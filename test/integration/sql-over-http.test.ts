import { env, exports } from "cloudflare:workers";
import { neon } from "@neondatabase/serverless";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createReadDb, withTransaction } from "../../db/client.ts";
import { isDatabaseUnavailable } from "../../db/errors.ts";
import { commissions } from "../../db/schema/index.ts";
import { makeCommission, testDb } from "../helpers/db.ts";

// The local stand-in for Neon's HTTP query endpoint (dev/sql-over-http.ts) must answer as Neon
// does, or the read path tested here is not the one production runs: these go through the
// driver's own neon() and drizzle-orm/neon-http, from workerd, to the proxy's POST /sql.
const config = { databaseUrl: env.DATABASE_URL ?? "", wsProxy: env.NEON_WS_PROXY };
const { db: writer, pool, close } = testDb();
afterAll(() => close());

function http() {
  // createReadDb points the driver's fetchEndpoint at the local proxy.
  const read = createReadDb(config);
  return { ...read, sql: neon(config.databaseUrl) };
}

describe("Neon's HTTP queries over the local proxy", () => {
  it("return each type as the WebSocket Pool does: numeric as strings, json, arrays, nulls", async () => {
    const { sql: q } = http();
    const text = `select 1::int as i, 9007199254740993::int8 as big, '12345678901.23'::numeric as amount,
                true as yes, null::text as nothing, 'it''s'::text as quoted,
                '2025-03-31'::date as day, '2025-03-31T12:00:00Z'::timestamptz as at,
                '{"a": [1, "b"]}'::jsonb as doc, array[1, 2, null]::int[] as ints,
                array['a,b', null, 'c"d']::text[] as texts, $1::text as param, $2::int[] as arr,
                '\\x00ff'::bytea as bytes, 1.5::float8 as f`;
    const params = ["π and ünïcode", [3, 4]];
    const [row] = await q.query(text, params);
    expect(row).toMatchObject({
      i: 1,
      big: "9007199254740993",
      amount: "12345678901.23",
      yes: true,
      nothing: null,
      quoted: "it's",
      doc: { a: [1, "b"] },
      ints: [1, 2, null],
      texts: ["a,b", null, 'c"d'],
      param: "π and ünïcode",
      arr: [3, 4],
      f: 1.5,
    });
    // Dates as the type parsers in force make them (Drizzle's keep them as Postgres' text).
    const pooled = await pool.query(text, params);
    expect(row).toEqual(pooled.rows[0]);
  });

  it("answer a Postgres error with its SQLSTATE and fields", async () => {
    const { sql: q } = http();
    const err = await q.query("select 'x'::int").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "22P02", severity: "ERROR" });
    const missing = await q.query("select * from no_such_table").catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "42P01" });
    expect((missing as Error).message).toMatch(/no_such_table/);
  });

  it("run a batch as one transaction: a failing statement undoes the ones before it", async () => {
    const { sql: q } = http();
    const slug = `http-${crypto.randomUUID().slice(0, 8)}`;
    const failed = await q
      .transaction([
        q.query("insert into commissions (slug, name, jurisdiction) values ($1, 'x', 'Test')", [
          slug,
        ]),
        q.query("select 1/0"),
      ])
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "22012" });
    const left = await writer.select().from(commissions).where(eq(commissions.slug, slug));
    expect(left).toEqual([]);
    const [[one], [two]] = (await q.transaction(
      [q.query("select 1 as n"), q.query("select 2 as n")],
      {
        readOnly: true,
      },
    )) as [[{ n: number }], [{ n: number }]];
    expect([one?.n, two?.n]).toEqual([1, 2]);
  });

  it("serve Drizzle's reads with the schema's types, and hand transactions to a Pool", async () => {
    const commission = await makeCommission(writer);
    let queries = 0;
    const { db, close: done } = createReadDb({ ...config, onQuery: () => queries++ });
    try {
      const [row] = await db.select().from(commissions).where(eq(commissions.id, commission.id));
      expect(row).toEqual(commission);
      const raw = await db.execute(
        sql`select count(*)::int as n from commissions where id = ${commission.id}`,
      );
      expect(raw.rows).toEqual([{ n: 1 }]);
      // neon-http has no transactions: withTransaction opens the Pool for this one.
      const name = await withTransaction(db, async (tx) => {
        await tx
          .update(commissions)
          .set({ name: "renamed over the Pool" })
          .where(eq(commissions.id, commission.id));
        const [r] = await tx.select().from(commissions).where(eq(commissions.id, commission.id));
        return r?.name;
      });
      expect(name).toBe("renamed over the Pool");
      expect(queries).toBeGreaterThanOrEqual(2);
    } finally {
      await done();
      await writer.delete(commissions).where(eq(commissions.id, commission.id));
    }
  });

  it("give up on a statement after the timeout, as on a database that stopped answering", async () => {
    const { db } = createReadDb({ ...config, timeoutMs: 200 });
    const started = Date.now();
    const err = await db.execute(sql`select pg_sleep(1)`).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(900);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("carry the API's reads: a GET answers from the HTTP path, the same as before", async () => {
    const commission = await makeCommission(writer);
    try {
      const res = await exports.default.fetch(`https://api.test/v1/commissions/${commission.slug}`);
      const body = (await res.json()) as { data?: { slug: string } };
      expect(res.status).toBe(200);
      expect(JSON.stringify(body)).toContain(commission.slug);
    } finally {
      await writer.delete(commissions).where(eq(commissions.id, commission.id));
    }
  });
});
