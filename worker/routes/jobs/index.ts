import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { failedLookups, lookupCounts } from "../../../db/queries/award-lookups.ts";
import { latestJobRuns } from "../../../db/queries/jobs.ts";
import type { AppEnv } from "../../env.ts";
import { limitParam } from "../../lib/listing.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { Timestamp } from "../schemas.ts";

const RunsQuery = v.strictObject({
  limit: v.optional(limitParam(100, "How many runs, newest first (1–100, default 20)."), "20"),
});

export const JobRunSchema = v.object({
  id: v.number(),
  step: v.pipe(v.string(), v.description("The pipeline step, e.g. `doge-receipts`.")),
  trigger: v.pipe(v.string(), v.description("`cron:<expression>`, `manual:<key id>` or `cli`.")),
  status: v.picklist(["running", "succeeded", "failed", "skipped"]),
  started_at: Timestamp,
  finished_at: v.nullable(Timestamp),
  counts: v.object({
    fetched: v.number(),
    inserted: v.number(),
    changed: v.number(),
    removed: v.number(),
    failed: v.optional(
      v.pipe(
        v.number(),
        v.description(
          "Award lookups that failed in this run, each recorded against its award (shown on its claims' pages) and left alone until its retry time; the others went on.",
        ),
      ),
    ),
    queued: v.optional(
      v.pipe(v.number(), v.description("Award lookups sent to the queue of award lookups.")),
    ),
    written: v.optional(
      v.pipe(v.number(), v.description("Snapshot step: files of the day's snapshot written.")),
    ),
    skipped: v.optional(
      v.pipe(
        v.number(),
        v.description(
          "Snapshot step: 1 when the day's snapshot existed already (never rewritten).",
        ),
      ),
    ),
    deleted: v.optional(
      v.pipe(
        v.number(),
        v.description("Snapshot step: snapshots deleted as older than retention."),
      ),
    ),
  }),
  error: v.nullable(v.string()),
  complete: v.pipe(
    v.boolean(),
    v.description("False when the run spent its subrequest budget first; the next run resumes."),
  ),
});

const LookupsQuery = v.strictObject({
  limit: v.optional(
    limitParam(500, "How many failed awards, newest failure first (1–500, default 50)."),
    "50",
  ),
});

const FailedLookupSchema = v.object({
  award_id: v.pipe(v.string(), v.description("The award's key, as claims name it (`award_id`).")),
  attempts: v.pipe(v.number(), v.description("Failed attempts since its last success.")),
  last_error: v.nullable(v.string()),
  last_attempt_at: v.nullable(Timestamp),
  failed_at: v.nullable(Timestamp),
  queued_at: v.nullable(Timestamp),
  retry_at: v.pipe(
    v.nullable(Timestamp),
    v.description(
      "The job leaves the award alone until then (a backoff: 1 h doubling, at most a week).",
    ),
  ),
});

/** Public: the latest job runs, so a dashboard can show how fresh the data is. */
export const jobRoutes = new Hono<AppEnv>()
  .get(
    "/runs",
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
      const rows = await latestJobRuns(c.get("db"), limit);
      return c.json({ data: rows.map(toApi) });
    },
  )
  .get(
    "/award-lookups",
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
