import { createMiddleware } from "hono/factory";
import { loadClaims } from "../../domain/claims-page.ts";
import type { AppEnv } from "../../env.ts";
import { readCursor } from "../../http/lists.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { ClaimsPage, ClaimsQuery } from "../claims.tsx";
import { factory, PAGE_HEADERS } from "../http.ts";

/**
 * A search form sends every field, the empty ones too (`q=&agency=`), which the API's
 * parameters refuse: send the browser to the same search without them, a clean URL to share.
 */
const dropEmptyParams = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const empty = [...url.searchParams].filter(([, value]) => value === "").map(([name]) => name);
  if (empty.length === 0) return next();
  for (const name of empty) url.searchParams.delete(name);
  return c.redirect(`${url.pathname}${url.search}`, 302);
});

/** GET /proposals */
export const claimsPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "claimsPage",
      tag: "Pages",
      summary: "Search the claims",
      description:
        "Every claim, searchable and filterable with the query parameters of GET /v1/proposals (default order: largest claimed saving first), 50 to a page, with links to the same rows as JSON and CSV. Empty parameters, as a search form sends them, redirect (302) to the same search without them.",
    },
    "text/html",
    [400, 503],
  ),
  dropEmptyParams,
  validate("query", ClaimsQuery),
  async (c) => {
    const query = c.req.valid("query");
    const data = await loadClaims(c.get("db"), query, readCursor(query.cursor, query.sort));
    const search = new URL(c.req.url).search;
    return c.html(<ClaimsPage data={data} query={query} search={search} />, 200, PAGE_HEADERS);
  },
);
