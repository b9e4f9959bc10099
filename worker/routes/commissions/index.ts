import { Hono } from "hono";
import * as v from "valibot";
import {
  type CommissionRow,
  countCommissions,
  getCommission,
  listCommissions,
} from "../../../db/queries/commissions.ts";
import type { AppEnv } from "../../env.ts";
import {
  csvColumns,
  listParams,
  parseSort,
  sendList,
  sendRecord,
  sortParam,
} from "../../lib/listing.ts";
import { toApi } from "../../lib/serialize.ts";
import { describeList, describeOne } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { IsoDate, Money, Retraction, Slug, Sources, Timestamp } from "../schemas.ts";

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

export const commissionRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeList(
      { operationId: "listCommissions", tag: "Commissions", summary: "List commissions" },
      CommissionSchema,
    ),
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
        csv: csvColumns<CommissionRecord>("commissions.csv", CommissionSchema),
      });
    },
  )
  .get(
    "/:slug",
    describeOne(
      { operationId: "getCommission", tag: "Commissions", summary: "One commission" },
      CommissionSchema,
    ),
    validate("param", v.object({ slug: Slug })),
    async (c) => {
      const { slug } = c.req.valid("param");
      const row = await getCommission(c.get("db"), slug);
      return sendRecord(c, row, record, `No commission "${slug}".`);
    },
  );
