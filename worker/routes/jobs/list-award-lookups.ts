import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { failedLookups, lookupCounts } from "../../../db/queries/award-lookups.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { FailedLookupSchema, LookupsQuery } from "../../schemas/jobs.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

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
          data: v.array(FailedLookupSchema),
        }),
      ),
      ...errorResponses(400, 503),
    },
  }),
  validate("query", LookupsQuery),
  async (c) => {
    const { limit } = c.req.valid("query");
    const db = c.get("db");
    const counts = await lookupCounts(db);
    const rows = await failedLookups(db, limit);
    return c.json({ ...counts, data: rows.map(toApi) });
  },
);
