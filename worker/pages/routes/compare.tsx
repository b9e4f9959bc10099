import { describeDocument } from "../../openapi.ts";
import { EMBED_HEADERS, factory, origin, PAGE_HEADERS } from "../http.ts";
import { ComparisonEmbed, ComparisonPage, loadComparison } from "../reviews.tsx";

/** GET /commissions/compare */
export const comparePageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "comparePage",
      tag: "Pages",
      summary: "Commissions compared",
      description:
        "Each commission's claim beside what auditors and checkers later found, as a share, with its source.",
    },
    "text/html",
    [429, 503],
  ),
  async (c) => {
    const commissions = await loadComparison(c.get("db"));
    return c.html(
      <ComparisonPage commissions={commissions} origin={origin(c)} />,
      200,
      PAGE_HEADERS,
    );
  },
);

/** GET /embed/commissions */
export const compareEmbedHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "compareEmbed",
      tag: "Embeds",
      summary: "Commissions compared, as a widget",
      description: "Small HTML to put in an iframe on any site (frame-ancestors *).",
    },
    "text/html",
    [429, 503],
  ),
  async (c) => {
    const commissions = await loadComparison(c.get("db"));
    return c.html(
      <ComparisonEmbed commissions={commissions} origin={origin(c)} />,
      200,
      EMBED_HEADERS,
    );
  },
);
