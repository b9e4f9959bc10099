import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/app.ts";
import type { Env } from "../../worker/env.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";

const { db, close } = testDb();
afterAll(() => close());

/** The real app with some bindings replaced (here: low rate limits). */
async function fetchWith(overrides: Partial<Env>, path: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request(`http://cutwatch.test${path}`, init),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("API keys", () => {
  it("are created by an admin, shown once, and listed without secret or hash", async () => {
    const admin = await makeKey(db, "admin");
    const res = await call("/v1/admin/keys", {
      method: "POST",
      headers: jsonWith(admin.auth),
      body: JSON.stringify({ name: "Night desk", role: "editor" }),
    });
    expect(res.status).toBe(201);
    const { data } = await json<{ data: { id: number; secret: string; prefix: string } }>(res);
    expect(data.secret.startsWith(`${data.prefix}_`)).toBe(true);
    const works = await call("/v1/admin/keys", {
      headers: { Authorization: `Bearer ${data.secret}` },
    });
    expect(works.status).toBe(403); // a working editor key, without the admin role
    await works.text();
    const listed = await call("/v1/admin/keys?limit=500", { headers: admin.auth });
    const text = await listed.text();
    expect(text).toContain(data.prefix);
    expect(text).not.toContain(data.secret);
    expect(text).not.toContain('"hash"');
    const listedKey = (
      JSON.parse(text) as { data: { prefix: string; last_used_at: string | null }[] }
    ).data.find((k) => k.prefix === data.prefix);
    expect(listedKey?.last_used_at).toBeTruthy(); // it was used above
  });

  it("leave no secret in the database or the logs", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m),
    );
    const admin = await makeKey(db, "admin");
    const res = await call("/v1/admin/keys", {
      method: "POST",
      headers: jsonWith(admin.auth, { "Idempotency-Key": crypto.randomUUID() }),
      body: JSON.stringify({ name: "Secret keeper", role: "editor" }),
    });
    const { data } = await json<{ data: { secret: string } }>(res);
    // Use it for a write that is logged and audited.
    const write = await call("/v1/admin/keys", {
      headers: { Authorization: `Bearer ${data.secret}` },
    });
    await write.text();
    const secretPart = data.secret.slice(12);
    const everything = await db.execute<{ dump: string }>(sql`
      select concat_ws(' ',
        (select string_agg(t::text, ' ') from api_keys t),
        (select string_agg(t::text, ' ') from audit_log t),
        (select string_agg(t::text, ' ') from idempotency_keys t)) as dump`);
    expect(everything.rows[0]?.dump ?? "").not.toContain(secretPart);
    const logged = spies.flatMap((s) => s.mock.calls.map((args) => args.map(String).join(" ")));
    for (const line of logged) expect(line).not.toContain(secretPart);
    for (const s of spies) s.mockRestore();
  });

  it("name an unknown key to revoke with 404", async () => {
    const admin = await makeKey(db, "admin");
    const res = await call("/v1/admin/keys/999999999", { method: "DELETE", headers: admin.auth });
    expect(res.status).toBe(404);
    await res.text();
  });
});

describe("GET /v1/admin/audit", () => {
  it("records every write and key action with who, what and the server's request id", async () => {
    const admin = await makeKey(db, "admin");
    // Two writes sending the same id of their own: each audit row keeps the server's id.
    const create = (name: string) =>
      call("/v1/admin/keys", {
        method: "POST",
        headers: jsonWith(admin.auth, { "X-Request-Id": "audit-test-request" }),
        body: JSON.stringify({ name, role: "editor" }),
      });
    const [first, second] = [await create("Audited"), await create("Audited twice")];
    for (const res of [first, second]) {
      expect(res.headers.get("x-client-request-id")).toBe("audit-test-request");
      expect(res.headers.get("x-request-id")).not.toBe("audit-test-request");
    }
    expect(first.headers.get("x-request-id")).not.toBe(second.headers.get("x-request-id"));
    const { data } = await json<{ data: { id: number } }>(first);
    await second.text();
    const page = await json<{
      data: { actor: string; action: string; resource_id: string; request_id: string }[];
    }>(await call("/v1/admin/audit?limit=50", { headers: admin.auth }));
    expect(page.data).toContainEqual(
      expect.objectContaining({
        actor: `key:${admin.id}`,
        action: "key.create",
        resource_id: String(data.id),
        request_id: first.headers.get("x-request-id"),
      }),
    );
    expect(page.data.some((row) => row.request_id === "audit-test-request")).toBe(false);
  });

  it("echoes a client's request id only when it is well-formed", async () => {
    const res = await call("/v1/commissions", {
      headers: { "X-Request-Id": "<script>x</script>" },
    });
    await res.text();
    expect(res.headers.get("x-client-request-id")).toBeNull();
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("counts an admin's reads against the read quota, not the write one", async () => {
    const admin = await makeKey(db, "admin");
    const res = await call("/v1/admin/audit?limit=1", { headers: admin.auth });
    await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-policy")).toMatch(/^"reads"/);
  });

  it("is for admins only", async () => {
    const editor = await makeKey(db, "editor");
    const res = await call("/v1/admin/audit", { headers: editor.auth });
    expect(res.status).toBe(403);
    await res.text();
  });
});

describe("rate limits", () => {
  it("answer reads over the limit with 429, RateLimit headers and Retry-After", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    const headers = { "CF-Connecting-IP": ip };
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      // A cheap read (one unit of the limit; /v1/commissions counts 10, see rate-limit tests).
      last = await fetchWith({ RATE_LIMIT_READS: "3" }, "/v1/proposals?limit=1", { headers });
      statuses.push(last.status);
      if (i < 3) {
        expect(last.headers.get("ratelimit-policy")).toBe('"reads";q=3;w=60');
        expect(last.headers.get("ratelimit")).toMatch(new RegExp(`^"reads";r=${2 - i};t=\\d+$`));
        await last.text();
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await json<Problem>(last as Response)).type).toBe("/problems/rate-limited");
    // Another client is not affected.
    const other = await fetchWith({ RATE_LIMIT_READS: "3" }, "/v1/proposals?limit=1", {
      headers: { "CF-Connecting-IP": `${ip}-other` },
    });
    expect(other.status).toBe(200);
    await other.text();
  });

  it("limit writes per key", async () => {
    const editor = await makeKey(db, "editor");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetchWith({ RATE_LIMIT_WRITES: "2" }, "/v1/proposals", {
        method: "POST",
        headers: jsonWith(editor.auth),
        body: "{}",
      });
      statuses.push(res.status);
      await res.text();
    }
    // An invalid write still counts against the key; the third is refused before validation.
    expect(statuses).toEqual([400, 400, 429]);
  });

  it("answer a client past its failed authentications with 429 and Retry-After, before any lookup", async () => {
    const editor = await makeKey(db, "editor");
    const wrong = { Authorization: `Bearer ${editor.token.slice(0, -4)}xxxx` };
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    const post = (auth: Record<string, string>, from = ip) =>
      fetchWith({ RATE_LIMIT_AUTH_FAILURES: "3" }, "/v1/proposals", {
        method: "POST",
        headers: jsonWith(auth, { "CF-Connecting-IP": from }),
        body: "{}",
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(wrong);
      statuses.push(res.status);
      await res.text();
    }
    const refused = await post(wrong);
    statuses.push(refused.status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("server-timing")).toContain('db;desc="0 queries"');
    expect((await json<Problem>(refused)).type).toBe("/problems/rate-limited");
    // Even the right key waits out the window from that address; from another it works.
    const right = await post(editor.auth);
    expect(right.status).toBe(429);
    await right.text();
    const elsewhere = await post(editor.auth, `${ip}-other`);
    expect(elsewhere.status).toBe(400);
    await elsewhere.text();
  });

  it("defer to the Workers Rate Limiting binding when one is configured", async () => {
    const seen: string[] = [];
    const binding = {
      limit: async ({ key }: { key: string }) => {
        seen.push(key);
        return { success: false };
      },
    };
    const res = await fetchWith({ READ_LIMITER: binding }, "/v1/commissions", {
      headers: { "CF-Connecting-IP": "198.51.100.7" },
    });
    expect(res.status).toBe(429);
    expect(seen).toEqual(["reads:198.51.100.7"]);
    await res.text();
  });
});
