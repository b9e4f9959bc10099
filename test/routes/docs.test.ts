import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const get = (path: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://cutwatch.test${path}`, { headers });

describe("the docs page", () => {
  it("loads its UI from this origin only, under a CSP and a framing policy", async () => {
    const res = await get("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(src).toMatch(/^\/docs\/assets\/\d+\.\d+\.\d+\//);
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/https?:\/\/(?!spec\.)/); // nothing from another origin
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
  });

  it("serves each of the page's files, immutable, with a strong ETag and 304", async () => {
    const html = await (await get("/docs")).text();
    const files = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(files).toHaveLength(3);
    for (const file of files as string[]) {
      const res = await get(file);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/(javascript|css)/);
      expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
      const etag = res.headers.get("ETag") ?? "";
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect((await res.text()).length).toBeGreaterThan(100);
      expect((await get(file, { "If-None-Match": etag })).status).toBe(304);
    }
    const bundle = await (await get(files.find((f) => f?.endsWith("bundle.js")) ?? "")).text();
    expect(bundle).toContain("SwaggerUIBundle");
  });

  it("answers 404 problem+json for another version or an unknown file", async () => {
    const html = await (await get("/docs")).text();
    const version = /\/docs\/assets\/([^/]+)\//.exec(html)?.[1];
    for (const path of [
      "/docs/assets/0.0.1/swagger-ui-bundle.js",
      `/docs/assets/${version}/package.json`,
      `/docs/assets/${version}/__proto__`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    }
  });
});
