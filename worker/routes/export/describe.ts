import type { Context } from "hono";
import { describeRoute } from "hono-openapi";
import { proposalListSpec } from "../../domain/proposals.ts";
import type { AppEnv } from "../../env.ts";
import { errorResponses } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";

/** What the two downloads share: their description, and what they read (every proposal). */

export const describeExport = (format: "csv" | "json") =>
  describeRoute({
    operationId: format === "csv" ? "exportProposalsCsv" : "exportProposalsJson",
    tags: ["Proposals"],
    summary: `Every proposal, as ${format.toUpperCase()}`,
    description:
      "The whole dataset (removed and retracted claims included, flagged), streamed in id order; `X-Snapshot-At` and, for JSON, `snapshot_at` state when reading began.",
    responses: {
      200: {
        description: "The dataset.",
        content: {
          [format === "csv" ? "text/csv" : "application/json"]: {
            schema: { type: "string" as const },
          },
        },
      },
      ...errorResponses(503),
    },
  });

/** Every proposal, removed and retracted included, in id order. */
export function everyProposal(c: Context<AppEnv>) {
  return proposalListSpec(
    c.get("db"),
    { methodologyVersion: METHODOLOGY_VERSION, removed: "any" },
    { name: "id", desc: false },
  );
}
