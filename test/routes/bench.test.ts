import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import type { Env } from "../../worker/env.ts";
import { call } from "../helpers/http.ts";

async function fetchWith(app: ReturnType<typeof createApp>, path: string, vars: Partial<Env>) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://cutwatch.test${path}`), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("the benchmark baselines", () => {
  it("are not served without BENCH_ROUTES=1", async () => {
    expect((await call("/__bench/noop")).status).toBe(404);
    expect((await call("/__bench/list-sql")).status).toBe(404);
    // Even mounted, they refuse to answer unless the variable says so.
    const mounted = createApp({ bench: true });
    expect((await fetchWith(mounted, "/__bench/noop", {})).status).toBe(404);
    expect((await fetchWith(mounted, "/__bench/noop", { BENCH_ROUTES: "0" })).status).toBe(404);
  });

  it("answer with BENCH_ROUTES=1: a bare route, and the list's statement on a fresh pool", async () => {
    const app = createApp({ bench: true });
    const noop = await fetchWith(app, "/__bench/noop", { BENCH_ROUTES: "1" });
    expect(noop.status).toBe(200);
    expect(await noop.json()).toEqual({ ok: true });
    const sized = await fetchWith(app, "/__bench/noop?bytes=5000", { BENCH_ROUTES: "1" });
    expect((await sized.text()).length).toBeGreaterThanOrEqual(5000);
    const list = await fetchWith(app, "/__bench/list-sql", { BENCH_ROUTES: "1" });
    expect(list.status).toBe(200);
    const { data } = (await list.json()) as { data: { kind: string }[] };
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((row) => row.kind === "contract")).toBe(true);
  });
});
