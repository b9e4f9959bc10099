import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { commissionIdBySlug } from "../../../db/queries/commissions.ts";
import { getProposal } from "../../../db/queries/proposals.ts";
import { proposalTable } from "../../../db/queries/versioned.ts";
import { createRecord, editRecord } from "../../edits/apply.ts";
import { createIdempotently, editedRow, ifMatchVersion, whoOf } from "../../edits/http.ts";
import { ApiError } from "../../errors.ts";
import { recordEtag } from "../../lib/etag.ts";
import { fromApi } from "../../lib/serialize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { RetractBody } from "../schemas.ts";
import { proposalRecord } from "./record.ts";
import {
  ProposalCreateBody,
  ProposalIdParam,
  ProposalPatchBody,
  ProposalSchema,
} from "./schema.ts";

const writeErrors = errorResponses(400, 401, 403, 413, 415, 429, 503);
const security = [{ bearer: [] }];
const one = v.object({ data: ProposalSchema });

export const createProposalHandlers = factory.createHandlers(
  describeRoute({
    operationId: "createProposal",
    tags: ["Proposals"],
    summary: "Add a claimed cut (editor)",
    description:
      "Creates a proposal by hand; its first history version names your key. Send `Idempotency-Key` to make retries safe: a repeat returns the first response and writes nothing.",
    security,
    responses: { 201: jsonResponse("Created; `Location` is its URL.", one), ...writeErrors },
  }),
  jsonBody(),
  validate("json", ProposalCreateBody),
  (c) => {
    const body = c.req.valid("json");
    return createIdempotently(c, body, async (tx, who) => {
      const { commission, reason = null, ...fields } = body;
      const commissionId = await commissionIdBySlug(tx, commission);
      if (commissionId === undefined) {
        throw new ApiError(400, "bad-request", `No commission "${commission}".`, [
          { name: "commission", message: "no such commission" },
        ]);
      }
      const row = await createRecord(
        tx,
        proposalTable,
        {
          ...fromApi(fields),
          commissionId,
          naturalKey: `editor:${crypto.randomUUID()}`,
          source: "editor",
        },
        who,
        reason,
      );
      const created = await getProposal(tx, row.id, METHODOLOGY_VERSION);
      if (!created) throw new Error("a created proposal cannot be read back");
      return {
        id: row.id,
        version: row.version,
        location: `/v1/proposals/${row.id}`,
        body: { data: proposalRecord(created) },
      };
    });
  },
);

export const updateProposalHandlers = factory.createHandlers(
  describeRoute({
    operationId: "updateProposal",
    tags: ["Proposals"],
    summary: "Correct a claimed cut (editor)",
    description:
      "Changes the fields sent. Requires `If-Match` with the ETag you read: a stale version gets 412 and writes nothing. Each change adds a history version with the changed fields.",
    security,
    responses: {
      200: jsonResponse("The proposal as it is now.", one),
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 428, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", ProposalIdParam),
  validate("json", ProposalPatchBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason = null, ...fields } = c.req.valid("json");
    const ifVersion = ifMatchVersion(c, true);
    return editProposal(c, id, ifVersion, fromApi(fields), reason, "update");
  },
);

export const retractProposalHandlers = factory.createHandlers(
  describeRoute({
    operationId: "retractProposal",
    tags: ["Proposals"],
    summary: "Retract a claimed cut (editor)",
    description:
      "A soft delete: the proposal stays readable with `retracted_at` and the reason, and the retraction is a history version. `If-Match` is honoured when sent.",
    security,
    responses: {
      200: jsonResponse("The retracted proposal.", one),
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", ProposalIdParam),
  validate("json", RetractBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const patch = { retractedAt: new Date().toISOString(), retractionReason: reason };
    return editProposal(c, id, ifMatchVersion(c, false), patch, reason, "retract");
  },
);

async function editProposal(
  c: Parameters<typeof whoOf>[0],
  id: number,
  ifVersion: number | undefined,
  patch: Parameters<typeof proposalTable.update>[2],
  reason: string | null,
  action: "update" | "retract",
) {
  const row = await c.get("db").transaction(async (tx) => {
    const outcome = await editRecord(tx, proposalTable, {
      id,
      ifVersion,
      patch,
      who: whoOf(c),
      reason,
      action,
    });
    editedRow(outcome, `proposal ${id}`);
    return getProposal(tx, id, METHODOLOGY_VERSION);
  });
  if (!row) throw new ApiError(404, "not-found", `No proposal ${id}.`);
  const text = JSON.stringify({ data: proposalRecord(row) });
  c.header("ETag", await recordEtag(row.version, text));
  c.header("Cache-Control", "no-store");
  return c.body(text, 200, { "Content-Type": "application/json" });
}
