import { loadState } from "../../domain/state-pages.ts";
import { describeDocument } from "../../openapi.ts";
import { StatePath } from "../../schemas/places.ts";
import { validate } from "../../validate.ts";
import { factory, PAGE_HEADERS } from "../http.ts";
import { StatePage } from "../states.tsx";

/** GET /states/:code */
export const statePageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "statePage",
      tag: "Pages",
      summary: "A state's page",
      description:
        "Claimed against verified in one state (USPS code): its totals, its congressional districts, its largest claims.",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("param", StatePath),
  async (c) => {
    const { code } = c.req.valid("param");
    const data = await loadState(c.get("db"), code);
    return c.html(<StatePage data={data} />, 200, PAGE_HEADERS);
  },
);
