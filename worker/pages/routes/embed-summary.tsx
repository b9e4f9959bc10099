import { loadSummaryEmbed } from "../../domain/embeds.ts";
import { readConfig } from "../../env.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { TotalsEmbed } from "../embeds.tsx";
import { CommissionQuery, EMBED_HEADERS, factory, notFoundPage, origin } from "../http.ts";

/** GET /embed/summary */
export const summaryEmbedHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "summaryEmbed",
      tag: "Embeds",
      summary: "A commission's totals as a widget",
      description: "Small HTML to put in an iframe on any site (frame-ancestors *).",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("query", CommissionQuery),
  async (c) => {
    const slug = c.req.valid("query").commission ?? readConfig(c.env).DOGE_COMMISSION;
    const data = await loadSummaryEmbed(c.get("db"), slug);
    if (!data) notFoundPage(`No commission "${slug}".`);
    return c.html(<TotalsEmbed data={data} origin={origin(c)} />, 200, EMBED_HEADERS);
  },
);
