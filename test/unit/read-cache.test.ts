import { describe, expect, it } from "vitest";
import { defaultCache, generation, purgeReadCache } from "../../worker/lib/read-cache.ts";

const origin = () => `https://read-cache-${crypto.randomUUID()}.test`;

describe("the read cache's generation", () => {
  it("starts one for an origin that has none and gives it back while it lasts", async () => {
    const cache = defaultCache();
    if (!cache) throw new Error("the Workers Cache API is missing");
    const o = origin();
    const first = await generation(cache, o);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await generation(cache, o)).toBe(first);
  });

  it("starts a new one on a purge, for that origin only", async () => {
    const cache = defaultCache();
    if (!cache) throw new Error("the Workers Cache API is missing");
    const [a, b] = [origin(), origin()];
    const [beforeA, beforeB] = [await generation(cache, a), await generation(cache, b)];
    await purgeReadCache(a);
    const afterA = await generation(cache, a);
    expect(afterA).not.toBe(beforeA);
    expect(await generation(cache, b)).toBe(beforeB);
  });
});
