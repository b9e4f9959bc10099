import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { recordEditorOutcome, retractOutcome } from "../../domain/outcomes.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { RetractBody } from "../../schemas/common.ts";
import { OutcomeEventBody, OutcomeEventPath, OutcomeEventSchema } from "../../schemas/outcomes.ts";
import { ProposalIdParam } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";

const written = (description: string) =>
  jsonResponse(description, v.object({ data: OutcomeEventSchema }));

/** POST /v1/proposals/{id}/outcomes: an editor records what became of a claim (audited). */
export const createOutcomeHandlers = factory.createHandlers(
  describeRoute({
    operationId: "createOutcomeEvent",
    tags: ["Proposals"],
    summary: "Record an outcome of a claim (editor)",
    description:
      "An editor's outcome event, with its evidence and a required source: it outranks the job's and imports' events, so it becomes the claim's outcome. Audited; retract it with DELETE.",
    security: [{ bearer: [] }],
    responses: {
      201: written("The event."),
      ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", ProposalIdParam),
  validate("json", OutcomeEventBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const event = await recordEditorOutcome(c.get("db"), {
      proposalId: id,
      body: c.req.valid("json"),
      who: whoOf(c),
    });
    c.header("Cache-Control", "no-store");
    c.header("Location", `/v1/proposals/${id}/outcomes`);
    return c.json({ data: event }, 201);
  },
);

/** DELETE /v1/proposals/{id}/outcomes/{eventId}: retract an event with its reason (audited). */
export const retractOutcomeHandlers = factory.createHandlers(
  describeRoute({
    operationId: "retractOutcomeEvent",
    tags: ["Proposals"],
    summary: "Retract an outcome event (editor)",
    description:
      "The event stays listed with its reason and counts for nothing; the claim's outcome is derived again. 409 when it is already retracted.",
    security: [{ bearer: [] }],
    responses: {
      200: written("The retracted event."),
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", OutcomeEventPath),
  validate("json", RetractBody),
  async (c) => {
    const { id, eventId } = c.req.valid("param");
    const event = await retractOutcome(c.get("db"), {
      proposalId: id,
      eventId,
      reason: c.req.valid("json").reason,
      who: whoOf(c),
    });
    c.header("Cache-Control", "no-store");
    return c.json({ data: event });
  },
);
