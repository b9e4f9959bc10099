import { Hono } from "hono";
import * as v from "valibot";
import { latestJobRuns } from "../../../db/queries/jobs.ts";
import type { AppEnv } from "../../env.ts";
import { toApi } from "../../lib/serialize.ts";
import { validate } from "../../validate.ts";

const RunsQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "limit must be a whole number"),
      v.transform(Number),
      v.minValue(1, "limit must be at least 1"),
      v.maxValue(100, "limit must be at most 100"),
    ),
    "20",
  ),
});

/** Public: the latest job runs, so a dashboard can show how fresh the data is. */
export const jobRoutes = new Hono<AppEnv>().get(
  "/runs",
  validate("query", RunsQuery),
  async (c) => {
    const { limit } = c.req.valid("query");
    const rows = await latestJobRuns(c.get("db"), limit);
    return c.json({ data: rows.map(toApi) });
  },
);
