import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { proposalListSpec } from "../domain/proposals.ts";
import type { AppEnv } from "../env.ts";
import { sendExport } from "../lib/listing.ts";
import { errorResponses } from "../openapi.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";

const describe = (format: "csv" | "json") =>
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

/** GET /v1/export/proposals.csv and .json: the dataset download, never held in memory whole. */
export const exportRoutes = new Hono<AppEnv>()
  .get("/proposals.csv", describe("csv"), (c) => sendExport(c, "csv", everything(c)))
  .get("/proposals.json", describe("json"), (c) => sendExport(c, "json", everything(c)));

function everything(c: { get: (key: "db") => AppEnv["Variables"]["db"] }) {
  return proposalListSpec(
    c.get("db"),
    { methodologyVersion: METHODOLOGY_VERSION, removed: "any" },
    { name: "id", desc: false },
  );
}
