import { loadAgencyEmbed } from "../../domain/embeds.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { TotalsEmbed } from "../embeds.tsx";
import { CodeParam, EMBED_HEADERS, factory, notFoundPage, origin } from "../http.ts";

/** GET /embed/agency/:code */
export const agencyEmbedHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "agencyEmbed",
      tag: "Embeds",
      summary: "An agency's totals as a widget",
      description: "Small HTML to put in an iframe on any site (frame-ancestors *).",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("param", CodeParam),
  async (c) => {
    const { code } = c.req.valid("param");
    const data = await loadAgencyEmbed(c.get("db"), code);
    if (!data) notFoundPage(`No agency with code ${code}.`);
    return c.html(<TotalsEmbed data={data} origin={origin(c)} />, 200, EMBED_HEADERS);
  },
);
