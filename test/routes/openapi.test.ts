import { registerSchema, validate } from "@hyperjump/json-schema/openapi-3-1";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import { call, json } from "../helpers/http.ts";

type Operation = {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; schema?: { enum?: unknown[] } }[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let doc: Document;
beforeAll(async () => {
  const res = await call("/openapi.json");
  expect(res.status).toBe(200);
  doc = await json<Document>(res);
});

/** The app's routes as `method path`, in OpenAPI templates: `/v1/proposals/:id` → `{id}`. */
function appRoutes(): string[] {
  const routes = createApp()
    .routes.filter((r) => r.method !== "ALL")
    .map((r) => ({
      method: r.method.toLowerCase(),
      path: r.path.replace(/:(\w+)/g, "{$1}").replace(/(.)\/$/, "$1"),
    }))
    .filter(
      (r) =>
        !r.path.includes("*") &&
        r.path !== "/openapi.json" &&
        // The docs page and the pages' stylesheet and script are the site's files, not the API.
        !/^\/(docs|assets)(\/|$)/.test(r.path),
    )
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(routes)];
}

describe("GET /openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const output = await validate("https://spec.openapis.org/oas/3.1/schema-base", doc as never);
    expect(output.valid).toBe(true);
  });

  it("describes every route the app serves, each with an id, a tag and its errors", () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const route of routes) {
      const [method = "", path = ""] = route.split(" ");
      const op = doc.paths[path]?.[method];
      expect(op, `${route} is missing from the document`).toBeDefined();
      expect(op?.operationId).toBeTruthy();
      expect(op?.tags?.length).toBeGreaterThan(0);
      // A record looked up by a path parameter can be missing; an enumerated one cannot.
      const lookups = (op?.parameters ?? []).filter((p) => p.in === "path" && !p.schema?.enum);
      if (lookups.length) expect(Object.keys(op?.responses ?? {})).toContain("404");
      if (method !== "get") expect(Object.keys(op?.responses ?? {})).toContain("401");
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual([...routes].sort());
  });

  it("documents each list's filters and paging parameters from the validating schemas", () => {
    const names = doc.paths["/v1/proposals"]?.get?.parameters?.map((p) => p.name) ?? [];
    for (const name of ["q", "agency", "claim_date_from", "min_claimed_savings", "removed"]) {
      expect(names).toContain(name);
    }
    for (const path of ["/v1/proposals", "/v1/members", "/v1/agencies", "/v1/commissions"]) {
      const params = doc.paths[path]?.get?.parameters?.map((p) => p.name) ?? [];
      expect(params).toEqual(
        expect.arrayContaining(["limit", "cursor", "sort", "count", "format"]),
      );
      expect(Object.keys(doc.paths[path]?.get?.responses["200"]?.content ?? {})).toEqual([
        "application/json",
        "text/csv",
      ]);
    }
  });

  it("serves an interactive docs page", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("responses match the documented schemas", () => {
  const DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base";

  it.each([
    ["/v1/proposals", "/v1/proposals?limit=20&count=true"],
    ["/v1/proposals", "/v1/proposals?limit=20&removed=true"],
    ["/v1/proposals/{id}", "/v1/proposals/1"],
    ["/v1/proposals/{id}/source", "/v1/proposals/1/source"],
    ["/v1/commissions", "/v1/commissions"],
    ["/v1/commissions/{slug}", "/v1/commissions/doge"],
    ["/v1/members", "/v1/members"],
    ["/v1/members/{id}", "/v1/members/1"],
    ["/v1/agencies", "/v1/agencies?limit=100"],
    ["/v1/agencies/{code}", "/v1/agencies/012"],
    ["/v1/jobs/runs", "/v1/jobs/runs"],
    ["/v1/methodology", "/v1/methodology"],
    ["/v1/changes", "/v1/changes?limit=20"],
    ["/v1/changes", "/v1/changes?change=outcome&limit=20"],
    ["/v1/savings/summary", "/v1/savings/summary"],
    ["/v1/savings/by-agency", "/v1/savings/by-agency?commission=doge"],
    ["/v1/savings/by-month", "/v1/savings/by-month"],
    ["/v1/savings/by-state", "/v1/savings/by-state?commission=doge"],
    ["/", "/"],
  ])("%s (%s)", async (path, url) => {
    const schema = doc.paths[path]?.get?.responses["200"]?.content?.["application/json"]?.schema;
    expect(schema).toBeDefined();
    const uri = `https://cutwatch.test/schemas/${crypto.randomUUID()}`;
    registerSchema({ $schema: DIALECT, ...schema }, uri);
    const res = await call(url);
    expect(res.status).toBe(200);
    const output = await validate(uri, (await res.json()) as never);
    expect(output.valid).toBe(true);
  });

  it("and the check has teeth: a record missing its fields does not pass", async () => {
    const schema =
      doc.paths["/v1/proposals"]?.get?.responses["200"]?.content?.["application/json"]?.schema;
    const uri = `https://cutwatch.test/schemas/${crypto.randomUUID()}`;
    registerSchema({ $schema: DIALECT, ...schema }, uri);
    const body = { data: [{ id: 1, claimed_savings: 12.5 }], next_cursor: null };
    expect((await validate(uri, body as never)).valid).toBe(false);
  });

  it("and a problem matches the documented problem schema", async () => {
    const schema =
      doc.paths["/v1/proposals"]?.get?.responses["400"]?.content?.["application/problem+json"]
        ?.schema;
    const uri = `https://cutwatch.test/schemas/problem/${crypto.randomUUID()}`;
    registerSchema({ $schema: DIALECT, ...schema }, uri);
    const res = await call("/v1/proposals?limit=0");
    expect((await validate(uri, (await res.json()) as never)).valid).toBe(true);
  });
});
