import { loadAgencies } from "../../domain/agency-page.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { AgenciesPage } from "../agency.tsx";
import { CommissionQuery, factory, PAGE_HEADERS } from "../http.ts";

/** GET /agencies */
export const agenciesPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "agenciesPage",
      tag: "Pages",
      summary: "The agencies page",
      description: "Claimed against verified for every agency with live claims.",
    },
    "text/html",
    [400, 503],
  ),
  validate("query", CommissionQuery),
  async (c) => {
    const { commission } = c.req.valid("query");
    const rows = await loadAgencies(c.get("db"), commission);
    return c.html(<AgenciesPage rows={rows} />, 200, PAGE_HEADERS);
  },
);
