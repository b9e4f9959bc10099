import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { jobRun } from "../../domain/jobs.ts";
import { ApiError } from "../../errors.ts";
import { runSteps } from "../../jobs/index.ts";
import { toApi } from "../../lib/serialize.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { StepParam } from "../../schemas/admin.ts";
import { JobRunSchema } from "../../schemas/jobs.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const runJobStepHandlers = factory.createHandlers(
  describeRoute({
    operationId: "runJobStep",
    tags: ["Admin"],
    summary: "Run a job step now (admin)",
    description:
      "Runs the step as the Cron Trigger would, under the same lock and subrequest budget, and answers when it is done. 409 when a run is already going.",
    security: BEARER,
    responses: {
      200: jsonResponse("The run as recorded.", v.object({ data: JobRunSchema })),
      ...errorResponses(400, 401, 403, 409, 429, 503),
    },
  }),
  validate("param", StepParam),
  async (c) => {
    const { step } = c.req.valid("param");
    const [result] = await runSteps([step], c.env, `manual:key:${c.get("apiKey").id}`);
    if (!result)
      throw new ApiError(
        "conflict",
        "Another run holds the pipeline lock; try again when it ends.",
      );
    const run = await jobRun(c.get("db"), result.id);
    c.header("Cache-Control", "no-store");
    return c.json({ data: toApi(run ?? {}) });
  },
);
