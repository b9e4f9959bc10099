import * as v from "valibot";
import { getProposalVersion, listProposalVersions } from "../../../db/queries/history.ts";
import { getProposal } from "../../../db/queries/proposals.ts";
import { ApiError } from "../../errors.ts";
import { limitParam } from "../../lib/listing.ts";
import { toApi } from "../../lib/serialize.ts";
import { describeList, describeOne } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ProposalIdParam, ProposalVersionSchema, VersionParam } from "./schema.ts";

const HistoryQuery = v.strictObject({
  limit: v.optional(limitParam(500, "Versions per page, oldest first (default 100)."), "100"),
  after: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, "after must be a version number"),
      v.transform(Number),
      v.description("Versions after this one: pass the last version of the previous page."),
    ),
  ),
});

export const proposalHistoryHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "proposalHistory",
      tag: "Proposals",
      summary: "A claimed cut's history",
      description:
        "Every version, oldest first, with the fields each changed (old → new), who changed them (an editor's key or the source) and why.",
    },
    ProposalVersionSchema,
    [400, 404, 503],
  ),
  validate("param", ProposalIdParam),
  validate("query", HistoryQuery),
  async (c) => {
    const { id } = c.req.valid("param");
    const { limit, after } = c.req.valid("query");
    const db = c.get("db");
    const rows = await listProposalVersions(db, { id, after, limit: limit + 1 });
    if (!rows.length && !(await getProposal(db, id, METHODOLOGY_VERSION))) {
      throw new ApiError(404, "not-found", `No proposal with id ${id}.`);
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? String(last.version) : null;
    if (next)
      c.header("Link", `</v1/proposals/${id}/history?limit=${limit}&after=${next}>; rel="next"`);
    c.header("Cache-Control", "public, max-age=60");
    return c.json({ data: page.map(toApi), next_cursor: next });
  },
);

export const proposalVersionHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "proposalVersion",
      tag: "Proposals",
      summary: "One version of a claimed cut",
      description: "Immutable: a version never changes once written, so it may be cached for long.",
    },
    ProposalVersionSchema,
  ),
  validate("param", VersionParam),
  async (c) => {
    const { id, version } = c.req.valid("param");
    const row = await getProposalVersion(c.get("db"), id, version);
    if (!row) throw new ApiError(404, "not-found", `Proposal ${id} has no version ${version}.`);
    c.header("Cache-Control", "public, max-age=86400, immutable");
    return c.json({ data: toApi(row) });
  },
);
