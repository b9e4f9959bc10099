import { loadProposal } from "../../domain/proposal-page.ts";
import { describeDocument } from "../../openapi.ts";
import { IdParam } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory, notFoundPage, PAGE_HEADERS } from "../http.ts";
import { ProposalPage } from "../proposal.tsx";

/** GET /proposals/:id */
export const proposalPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "proposalPage",
      tag: "Pages",
      summary: "A claim's page",
      description:
        "The claim, its award evidence, its assessment and its version history as a readable diff.",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("param", IdParam("proposal")),
  async (c) => {
    const { id } = c.req.valid("param");
    const data = await loadProposal(c.get("db"), id);
    if (!data) notFoundPage(`No proposal with id ${id}.`);
    return c.html(<ProposalPage data={data} />, 200, PAGE_HEADERS);
  },
);
