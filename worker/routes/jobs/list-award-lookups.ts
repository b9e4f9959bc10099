import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { awardLookupStatus } from "../../domain/jobs.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { FailedLookupSchema, LookupsQuery } from "../../schemas/jobs.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

/** The retrying lookups shown: enough to tell one upstream error from several. */
const RETRYING_SHOWN = 5;

export const listAwardLookupsHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listAwardLookups",
    tags: ["Operations"],
    summary: "The queue of award lookups",
    description:
      "How many award lookups are on the queue (and how many of those are being retried), and the awards whose lookup failed, with the error and when the job tries again: the dead letters, readable without Cloudflare's dashboard.",
    responses: {
      200: jsonResponse(
        "Counts, and the failed awards.",
        v.object({
          pending: v.pipe(v.number(), v.description("Lookups on the queue or being retried.")),
          retrying: v.pipe(v.number(), v.description("Of those, lookups that failed before.")),
          failed: v.pipe(v.number(), v.description("Awards given up on until their retry time.")),
          consuming: v.pipe(
            v.number(),
            v.description("Consumer batches at work (the queue is settled when both are 0)."),
          ),
          retrying_errors: v.pipe(
            v.array(FailedLookupSchema),
            v.description(
              "The latest failures of lookups the queue is retrying (newest first, at most 5): what the upstream answered while the backlog waits.",
            ),
          ),
          data: v.array(FailedLookupSchema),
        }),
      ),
      ...errorResponses(400, 503),
    },
  }),
  validate("query", LookupsQuery),
  async (c) => {
    const { limit } = c.req.valid("query");
    const { counts, retrying, failed } = await awardLookupStatus(c.get("db"), {
      retryingShown: RETRYING_SHOWN,
      limit,
    });
    return c.json({ ...counts, retrying_errors: retrying.map(toApi), data: failed.map(toApi) });
  },
);
