import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  type CommissionRow,
  countCommissions,
  getCommission,
  listCommissions,
} from "../../../db/queries/commissions.ts";
import { datasetFingerprint } from "../../../db/queries/fingerprint.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import {
  csvColumns,
  LIST_CACHE_CONTROL,
  listParams,
  parseSort,
  sendList,
  sortParam,
} from "../../lib/listing.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { IsoDate, Money, one, pageOf, Retraction, Slug, Sources, Timestamp } from "../schemas.ts";

const CommissionListQuery = v.strictObject({ sort: sortParam(["id"], "id"), ...listParams });

const CommissionSchema = v.object({
  id: v.number(),
  slug: v.string(),
  name: v.string(),
  jurisdiction: v.string(),
  established_on: v.nullable(IsoDate),
  scheduled_end_on: v.pipe(v.nullable(IsoDate), v.description("The end its charter set.")),
  dissolved_on: v.pipe(v.nullable(IsoDate), v.description("When it actually stopped, if it did.")),
  mandate: v.nullable(v.string()),
  sources: Sources,
  version: v.number(),
  ...Retraction,
  created_at: Timestamp,
  updated_at: Timestamp,
  member_count: v.number(),
  proposal_count: v.number(),
  claimed_savings_total: v.pipe(
    Money,
    v.description("Sum of claimed savings as the source states them, before any assessment."),
  ),
  links: v.object({ members: v.string(), proposals: v.string() }),
});
type CommissionRecord = v.InferOutput<typeof CommissionSchema>;

function record(row: CommissionRow): CommissionRecord {
  const slug = encodeURIComponent(row.slug);
  return {
    ...toApi(row),
    links: {
      members: `/v1/members?commission=${slug}`,
      proposals: `/v1/proposals?commission=${slug}`,
    },
  } as CommissionRecord;
}

const CSV_COLUMNS = Object.keys(CommissionSchema.entries).filter(
  (k) => k !== "links",
) as (keyof CommissionRecord & string)[];

export const commissionRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      operationId: "listCommissions",
      tags: ["Commissions"],
      summary: "List commissions",
      responses: {
        200: jsonResponse("A page of commissions.", pageOf(CommissionSchema), true),
        ...errorResponses(400, 503),
      },
    }),
    validate("query", CommissionListQuery),
    (c) => {
      const query = c.req.valid("query");
      const db = c.get("db");
      const { desc } = parseSort(query.sort);
      return sendList(c, query, {
        page: (after, limit) => listCommissions(db, { desc, after, limit }),
        position: (row) => ({ value: null, key: row.id }),
        record,
        total: () => countCommissions(db),
        csv: {
          ...csvColumns<CommissionRecord>("commissions.csv", CSV_COLUMNS),
          fingerprint: () => datasetFingerprint(db),
        },
      });
    },
  )
  .get(
    "/:slug",
    describeRoute({
      operationId: "getCommission",
      tags: ["Commissions"],
      summary: "One commission",
      responses: {
        200: jsonResponse("The commission.", one(CommissionSchema)),
        ...errorResponses(400, 404, 503),
      },
    }),
    validate("param", v.object({ slug: Slug })),
    async (c) => {
      const { slug } = c.req.valid("param");
      const row = await getCommission(c.get("db"), slug);
      if (!row) throw new ApiError(404, "not-found", `No commission "${slug}".`);
      c.header("Cache-Control", LIST_CACHE_CONTROL);
      return c.json({ data: record(row) });
    },
  );
