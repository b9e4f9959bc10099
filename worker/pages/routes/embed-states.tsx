import { loadStates } from "../../domain/state-pages.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { CommissionQuery, EMBED_HEADERS, factory, origin } from "../http.ts";
import { StatesEmbed } from "../states.tsx";

/** GET /embed/states */
export const statesEmbedHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "statesEmbed",
      tag: "Embeds",
      summary: "The claims by state as a widget",
      description:
        "The tile-grid maps of claimed and verified by state with their table: small HTML to put in an iframe on any site (frame-ancestors *).",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("query", CommissionQuery),
  async (c) => {
    const data = await loadStates(c.get("db"), c.req.valid("query").commission);
    return c.html(<StatesEmbed data={data} origin={origin(c)} />, 200, EMBED_HEADERS);
  },
);
