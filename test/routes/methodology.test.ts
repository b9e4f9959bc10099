import { describe, expect, it } from "vitest";
import { STATUSES_V3 } from "../../worker/savings/assess-v3.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { STATUS_MEANING } from "../../worker/savings/statuses.ts";
import { call, json } from "../helpers/http.ts";

describe("GET /v1/methodology", () => {
  it("serves the document whose version the assessments name", async () => {
    const res = await call("/v1/methodology");
    expect(res.status).toBe(200);
    const { data } = await json<{ data: { version: string; markdown: string } }>(res);
    expect(data.version).toBe(METHODOLOGY_VERSION);
    // The document states the same version, so it cannot drift from the code.
    expect(data.markdown).toMatch(new RegExp(`^Version: ${METHODOLOGY_VERSION}\\b`, "m"));
    expect(data.markdown).toContain("ceiling is never used");
  });

  it("defines each verdict in the same sentence as the API's enum", async () => {
    const { data } = await json<{ data: { markdown: string } }>(await call("/v1/methodology"));
    for (const status of STATUSES_V3) {
      expect(data.markdown).toContain(`\`${status}\`: ${STATUS_MEANING[status]}`);
    }
    // The assessment status enum's description in the OpenAPI document.
    const spec = await (await call("/openapi.json")).text();
    for (const status of STATUSES_V3)
      expect(spec).toContain(JSON.stringify(STATUS_MEANING[status]).slice(1, -1));
  });

  it("answers Markdown when asked", async () => {
    const res = await call("/v1/methodology", { headers: { Accept: "text/markdown" } });
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(await res.text()).toMatch(/^# cutwatch methodology/);
    const md = await call("/v1/methodology?format=md");
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    await md.text();
  });

  it("is linked from the index", async () => {
    const body = await json<{ links: Record<string, string> }>(await call("/"));
    expect(body.links.methodology).toBe("/v1/methodology");
  });
});
