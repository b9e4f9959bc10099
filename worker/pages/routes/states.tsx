import { loadStates } from "../../domain/state-pages.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { CommissionQuery, factory, origin, PAGE_HEADERS } from "../http.ts";
import { StatesPage } from "../states.tsx";

/** GET /states */
export const statesPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "statesPage",
      tag: "Pages",
      summary: "Claims by state, on a tile-grid map",
      description:
        "Claimed and verified by the state of each claim's place, as two tile-grid maps (one square per state and DC) with their numbers as a table, and the share of claims whose place is unknown.",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("query", CommissionQuery),
  async (c) => {
    const data = await loadStates(c.get("db"), c.req.valid("query").commission);
    return c.html(<StatesPage data={data} origin={origin(c)} />, 200, PAGE_HEADERS);
  },
);
