import { findProposal, proposalVersion, proposalVersions } from "../../domain/proposals.ts";
import { ApiError } from "../../errors.ts";
import { toApi } from "../../lib/serialize.ts";
import { describeOne } from "../../openapi.ts";
import { VersionParam } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { historyHandlers, versionSchema } from "../versioned-history.ts";

export const proposalHistoryHandlers = historyHandlers({
  resource: "proposal",
  tag: "Proposals",
  path: "/v1/proposals",
  list: proposalVersions,
  exists: async (db, id) => (await findProposal(db, id)) !== undefined,
});

export const proposalVersionHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "proposalVersion",
      tag: "Proposals",
      summary: "One version of a claimed cut",
      description: "Immutable: a version never changes once written, so it may be cached for long.",
    },
    versionSchema("proposal_id"),
  ),
  validate("param", VersionParam),
  async (c) => {
    const { id, version } = c.req.valid("param");
    const row = await proposalVersion(c.get("db"), id, version);
    if (!row) throw new ApiError("not-found", `Proposal ${id} has no version ${version}.`);
    c.header("Cache-Control", "public, max-age=86400, immutable");
    return c.json({ data: toApi(row) });
  },
);
