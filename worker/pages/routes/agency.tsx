import { loadAgency } from "../../domain/agency-page.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { AgencyPage } from "../agency.tsx";
import { CodeParam, factory, notFoundPage, origin, PAGE_HEADERS } from "../http.ts";

/** GET /agencies/:code */
export const agencyPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "agencyPage",
      tag: "Pages",
      summary: "An agency's page",
      description:
        "Claimed against verified at one agency: totals, a chart by month, its largest claims.",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("param", CodeParam),
  async (c) => {
    const { code } = c.req.valid("param");
    const data = await loadAgency(c.get("db"), code);
    if (!data) notFoundPage(`No agency with code ${code}.`);
    return c.html(<AgencyPage data={data} origin={origin(c)} />, 200, PAGE_HEADERS);
  },
);
