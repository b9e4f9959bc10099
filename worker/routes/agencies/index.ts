import { Hono } from "hono";
import * as v from "valibot";
import {
  AGENCY_SORTS,
  type AgencyRow,
  type AgencySort,
  countAgencies,
  getAgency,
  listAgencies,
} from "../../../db/queries/agencies.ts";
import type { AppEnv } from "../../env.ts";
import {
  csvColumns,
  listParams,
  parseSort,
  sendList,
  sendRecord,
  sortParam,
} from "../../lib/listing.ts";
import { listedRecord } from "../../lib/serialize.ts";
import { describeList, describeOne } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { Money, Timestamp } from "../schemas.ts";

const AgencyListQuery = v.strictObject({
  sort: sortParam(Object.keys(AGENCY_SORTS) as AgencySort[], "code"),
  ...listParams,
});

const AgencyCode = v.pipe(
  v.string(),
  v.regex(/^\d{3,4}$/, "must be an agency code like 012 or 1601"),
  v.description("USAspending toptier agency code."),
);

const AgencySchema = v.object({
  code: AgencyCode,
  name: v.string(),
  abbreviation: v.nullable(v.string()),
  aliases: v.pipe(
    v.array(v.string()),
    v.description("Names the commission's sources use for this agency."),
  ),
  proposal_count: v.number(),
  claimed_savings_total: Money,
  created_at: Timestamp,
  updated_at: Timestamp,
  links: v.object({ proposals: v.string() }),
});
type AgencyRecord = v.InferOutput<typeof AgencySchema>;

function record(row: AgencyRow): AgencyRecord {
  return {
    ...listedRecord(row),
    links: { proposals: `/v1/proposals?agency=${row.code}` },
  } as AgencyRecord;
}

export const agencyRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeList(
      {
        operationId: "listAgencies",
        tag: "Agencies",
        summary: "List agencies",
        description:
          "Toptier agencies with their aliases and what the commission claims against each.",
      },
      AgencySchema,
    ),
    validate("query", AgencyListQuery),
    (c) => {
      const query = c.req.valid("query");
      const db = c.get("db");
      const sort = parseSort<AgencySort>(query.sort);
      return sendList(c, query, {
        page: (after, limit) =>
          listAgencies(db, { sort: sort.name, desc: sort.desc, after, limit }),
        position: (row) => ({ value: row.sortValue, key: row.code }),
        record,
        total: () => countAgencies(db),
        csv: csvColumns<AgencyRecord>("agencies.csv", AgencySchema),
      });
    },
  )
  .get(
    "/:code",
    describeOne({ operationId: "getAgency", tag: "Agencies", summary: "One agency" }, AgencySchema),
    validate("param", v.object({ code: AgencyCode })),
    async (c) => {
      const { code } = c.req.valid("param");
      const row = await getAgency(c.get("db"), code);
      return sendRecord(c, row, record, `No agency with code ${code}.`);
    },
  );
