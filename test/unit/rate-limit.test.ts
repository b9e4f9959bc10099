import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv, RateLimitBinding } from "../../worker/env.ts";
import { onError } from "../../worker/errors.ts";
import { readCost } from "../../worker/middleware/limits.ts";
import { failureLimit, rateLimit } from "../../worker/middleware/rate-limit.ts";

// The limiter on its own, in a tiny app (as Hono's middleware tests do): each test keys its
// clients by a fresh address, since the in-memory windows live for the isolate.
const fresh = () => `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;

function appWith(limit: number, binding?: RateLimitBinding) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use(
    rateLimit({
      name: "reads",
      limit: () => limit,
      windowSeconds: 60,
      key: (c) => c.req.header("CF-Connecting-IP") ?? "unknown",
      binding: () => binding,
    }),
  );
  app.get("/", (c) => c.text("ok"));
  return app;
}

const from = (ip: string) => ({ headers: { "CF-Connecting-IP": ip } });

describe("rateLimit (in-memory window)", () => {
  it("answers up to the limit, then 429 problem+json with Retry-After, per client", async () => {
    const app = appWith(2);
    const ip = fresh();
    const first = await app.request("/", from(ip));
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Policy")).toBe('"reads";q=2;w=60');
    expect(first.headers.get("RateLimit")).toMatch(/^"reads";r=1;t=\d+$/);
    expect((await app.request("/", from(ip))).headers.get("RateLimit")).toMatch(/;r=0;/);

    const refused = await app.request("/", from(ip));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { type: string; status: number };
    expect(body).toMatchObject({ type: "/problems/rate-limited", status: 429 });

    // Another client has a window of its own.
    expect((await app.request("/", from(fresh()))).status).toBe(200);
  });

  it("lets the Rate Limiting binding decide when one is configured", async () => {
    const keys: string[] = [];
    let allow = true;
    const binding: RateLimitBinding = {
      limit: async ({ key }) => {
        keys.push(key);
        return { success: allow };
      },
    };
    const app = appWith(0, binding); // the in-memory limit of 0 would refuse at once
    const ip = fresh();
    const ok = await app.request("/", from(ip));
    expect(ok.status).toBe(200);
    // The binding's answer carries no RateLimit headers: it does not say what is left.
    expect(ok.headers.get("RateLimit")).toBeNull();
    allow = false;
    const refused = await app.request("/", from(ip));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(keys).toEqual([`reads:${ip}`, `reads:${ip}`]);
  });
});

describe("failureLimit", () => {
  function guarded(limit: number) {
    const guard = failureLimit({
      name: "auth-failures",
      limit: () => limit,
      windowSeconds: 600,
      key: (c) => c.req.header("CF-Connecting-IP") ?? "unknown",
    });
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.get("/", (c) => {
      guard.check(c);
      if (c.req.query("key") !== "right") {
        guard.fail(c);
        return c.text("wrong key", 401);
      }
      return c.text("ok");
    });
    return app;
  }

  it("counts failures only, and refuses a client past the limit before any work", async () => {
    const app = guarded(2);
    const ip = fresh();
    // Successes are not counted.
    for (let i = 0; i < 5; i++)
      expect((await app.request("/?key=right", from(ip))).status).toBe(200);
    expect((await app.request("/?key=bad", from(ip))).status).toBe(401);
    expect((await app.request("/?key=bad", from(ip))).status).toBe(401);
    // Past the limit even the right key waits out the window: guessing costs the guesser time.
    const refused = await app.request("/?key=right", from(ip));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(590);
    expect((await app.request("/?key=right", from(fresh()))).status).toBe(200);
  });
});

describe("reads counted by cost", () => {
  function costed() {
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.use(
      rateLimit({
        name: "reads",
        limit: () => 30,
        windowSeconds: 60,
        key: (c) => c.req.header("CF-Connecting-IP") ?? "unknown",
        binding: () => undefined,
        cost: readCost,
      }),
    );
    app.get("*", (c) => c.text("ok"));
    return app;
  }

  it("weighs the expensive routes by the page they ask for, and everything else as one", async () => {
    const app = costed();
    const remaining = async (path: string) => {
      const res = await app.request(path, from(fresh()));
      return Number(/;r=(\d+);/.exec(res.headers.get("RateLimit") ?? "")?.[1]);
    };
    expect(await remaining("/v1/proposals/12")).toBe(29);
    expect(await remaining("/v1/commissions")).toBe(20);
    expect(await remaining("/v1/agencies?limit=500")).toBe(20);
    expect(await remaining("/v1/changes?limit=500")).toBe(20);
    expect(await remaining("/v1/changes?format=csv")).toBe(20);
    expect(await remaining("/v1/changes")).toBe(29);
    expect(await remaining("/proposals?limit=250")).toBe(25);
  });

  it("lets a client flooding an expensive route run out long before one making cheap reads", async () => {
    const app = costed();
    const [flooder, reader] = [fresh(), fresh()];
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await app.request("/v1/agencies?limit=500", from(flooder))).status);
    }
    // 10 each against 30: the fourth is refused, while 5 cheap reads of another client pass.
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    for (let i = 0; i < 5; i++) {
      expect((await app.request("/v1/agencies/012", from(reader))).status).toBe(200);
    }
  });
});
