import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { latestRuns } from "../../domain/jobs.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { JobRunSchema, RunsQuery } from "../../schemas/jobs.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

/** Public: the latest job runs, so a dashboard can show how fresh the data is. */
export const listJobRunsHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listJobRuns",
    tags: ["Operations"],
    summary: "Latest job runs",
    description:
      "The scheduled job's latest runs, newest first: how fresh the data is and why a run failed.",
    responses: {
      200: jsonResponse("The latest runs.", v.object({ data: v.array(JobRunSchema) })),
      ...errorResponses(400, 503),
    },
  }),
  validate("query", RunsQuery),
  async (c) => {
    const { limit } = c.req.valid("query");
    const rows = await latestRuns(c.get("db"), limit);
    return c.json({ data: rows.map(toApi) });
  },
);
