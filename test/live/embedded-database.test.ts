/**
 * The embedded database (PGlite, one session) under concurrent connections, as the Worker uses
 * it: through the ws proxy, with the Neon driver's extended-protocol queries and transactions.
 */
import { connect as netConnect } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { type EmbeddedPostgres, startPglite } from "../../dev/pglite.ts";
import { startWsProxy, type WsProxy } from "../../dev/ws-proxy.ts";

let pg: EmbeddedPostgres;
let proxy: WsProxy;
const connect = () => createDb({ databaseUrl: pg.url, wsProxy: proxy.address, timeoutMs: 5000 });

beforeAll(async () => {
  pg = await startPglite({});
  proxy = await startWsProxy();
  const { db, close } = connect();
  await db.execute(sql`create table t (id serial primary key, owner int not null, n int not null)`);
  await close();
});
afterAll(async () => {
  await proxy?.close();
  await pg?.close();
});

describe("the embedded database", () => {
  it("keeps each connection's queries and transactions whole under concurrency", async () => {
    const clients = Array.from({ length: 12 }, () => connect());
    try {
      const work = clients.flatMap(({ db }, owner) =>
        Array.from({ length: 10 }, async (_, i) => {
          // A parameterized query (Parse, Bind, Execute, Sync) answers with its own parameters.
          const echo = await db.execute<{ owner: number; i: number }>(
            sql`select ${owner}::int as owner, ${i}::int as i, pg_sleep(0)`,
          );
          expect(echo.rows[0]).toMatchObject({ owner, i });
          await db.transaction(async (tx) => {
            await tx.execute(sql`insert into t (owner, n) values (${owner}, ${i})`);
            await tx.execute(sql`insert into t (owner, n) values (${owner}, ${i + 100})`);
          });
        }),
      );
      const results = await Promise.allSettled(work);
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      const { db } = clients[0] as ReturnType<typeof connect>;
      const counts = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from t group by owner order by owner`,
      );
      expect(counts.rows.map((r) => r.n)).toEqual(Array(12).fill(20));
    } finally {
      for (const c of clients) await c.close();
    }
  });

  it("rolls back a transaction whose connection is cut, and serves the next connection", async () => {
    const first = connect();
    const client = await first.pool.connect();
    client.on("error", () => undefined); // the cut below is reported here too
    await client.query("begin");
    await client.query("insert into t (owner, n) values ($1, $2)", [-1, 1]);
    await proxy.suspend("refuse"); // the network goes away mid-transaction
    await expect(
      client.query("insert into t (owner, n) values ($1, $2)", [-1, 2]),
    ).rejects.toThrow();
    client.release(true);
    await first.close();
    await proxy.resume();

    const next = connect();
    try {
      const rows = await next.db.execute<{ n: number }>(
        sql`select count(*)::int as n from t where owner = -1`,
      );
      expect(rows.rows[0]?.n).toBe(0);
    } finally {
      await next.close();
    }
  });

  it("cuts the database off at once, even with a connection half-way through its handshake", async () => {
    const half = netConnect(proxy.port, "127.0.0.1");
    await new Promise<void>((resolve) => half.once("connect", () => resolve()));
    half.on("error", () => undefined);
    half.write("GET /v1?address=127.0.0.1:5432 HTTP/1.1\r\nHost: proxy\r\n"); // and no more
    const started = performance.now();
    await proxy.suspend("refuse");
    expect(performance.now() - started).toBeLessThan(2000);
    await proxy.resume();
    half.destroy();
    const { db, close } = connect();
    try {
      expect((await db.execute<{ one: number }>(sql`select 1 as one`)).rows[0]?.one).toBe(1);
    } finally {
      await close();
    }
  });
});
