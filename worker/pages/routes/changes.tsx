import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { ChangesPage, ChangesPageQuery, loadChanges } from "../changes.tsx";
import { factory, PAGE_HEADERS } from "../http.ts";

/** GET /changes */
export const changesPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "changesPage",
      tag: "Pages",
      summary: "The change log",
      description:
        "Every version of every claim, newest first, 50 to a page: the query parameters of GET /v1/changes (commission, agency, limit, cursor), with links to its feeds.",
    },
    "text/html",
    [400, 503],
  ),
  validate("query", ChangesPageQuery),
  async (c) => {
    const query = c.req.valid("query");
    const data = await loadChanges(c.get("db"), query);
    return c.html(<ChangesPage data={data} query={query} />, 200, PAGE_HEADERS);
  },
);
