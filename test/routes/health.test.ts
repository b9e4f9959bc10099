import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import journal from "../../migrations/meta/_journal.json";
import { createApp } from "../../worker/app.ts";
import type { Env } from "../../worker/env.ts";
import { call, json, type Problem } from "../helpers/http.ts";

/** The real app with some bindings replaced, as a misconfigured or cut-off deployment sees it. */
async function healthzWith(overrides: Partial<Env>) {
  const ctx = createExecutionContext();
  const started = Date.now();
  const res = await createApp().fetch(
    new Request("http://cutwatch.test/healthz"),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { res, ms: Date.now() - started };
}

describe("GET /healthz", () => {
  it("answers 200 with the database reachable and the latest migration applied", async () => {
    const res = await call("/healthz");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      status: "ok",
      database: { reachable: true },
      migration: { applied: journal.entries.at(-1)?.tag, latest: journal.entries.at(-1)?.tag },
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("limits a flood of health checks from one address, refused before any query", async () => {
    // One bindings object, as every request of a deployed isolate sees; a quota of 3.
    const bindings = { ...env, RATE_LIMIT_HEALTH: "3" };
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const check = async (from = ip) => {
      const ctx = createExecutionContext();
      const res = await createApp().fetch(
        new Request("http://cutwatch.test/healthz", { headers: { "CF-Connecting-IP": from } }),
        bindings,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      await res.text();
      return res;
    };
    for (let i = 0; i < 3; i++) expect((await check()).status).toBe(200);
    const refused = await check();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("server-timing") ?? "").not.toMatch(/db;desc="[1-9]/);
    // Another address keeps its own quota.
    expect((await check("198.51.100.7")).status).toBe(200);
  });

  it("answers 503 problem+json when nothing listens at the database address", async () => {
    const { res } = await healthzWith({
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere",
      DB_TIMEOUT_MS: "2000",
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await json<Problem>(res);
    expect(body.type).toBe("/problems/database-unavailable");
    expect(body.status).toBe(503);
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("answers 503 within its timeout when the database accepts but never answers", async () => {
    const { res, ms } = await healthzWith({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${env.BLACKHOLE_PORT}/hung`,
      DB_TIMEOUT_MS: "1000",
    });
    expect(res.status).toBe(503);
    expect((await json<Problem>(res)).type).toBe("/problems/database-unavailable");
    expect(ms).toBeLessThan(10_000);
  });

  it("answers 503 misconfigured, without details, when DATABASE_URL is missing", async () => {
    const { res } = await healthzWith({ DATABASE_URL: "" });
    expect(res.status).toBe(503);
    const body = await json<Problem>(res);
    expect(body.type).toBe("/problems/misconfigured");
    expect(JSON.stringify(body)).not.toContain("DATABASE_URL");
  });
});

describe("a database driver that rejects with something other than an Error", () => {
  /** The real app, with a route that fails as the driver does when its WebSocket is cut. */
  async function failingWith(path: string, thrown: unknown) {
    const app = createApp();
    app.get(path, () => {
      throw thrown;
    });
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`http://cutwatch.test${path}`, { headers: { Origin: "https://example.org" } }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("answers a lost connection (a WebSocket ErrorEvent) with 503 problem+json that a browser may read", async () => {
    const lost = new ErrorEvent("error", { message: "Uncaught Error: Network connection lost." });
    const res = await failingWith("/v1/lost-connection", lost);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await json<Problem>(res)).type).toBe("/problems/database-unavailable");
  });

  it("answers anything else thrown with a 500 problem+json, not the runtime's own error page", async () => {
    const res = await failingWith("/thrown-string", "not an Error");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await json<Problem>(res)).type).toBe("/problems/internal");
  });
});
