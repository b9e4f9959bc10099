import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  AGENCY_SORTS,
  type AgencyRow,
  type AgencySort,
  countAgencies,
  getAgency,
  listAgencies,
} from "../../../db/queries/agencies.ts";
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
import { listedRecord } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { Money, one, pageOf, Timestamp } from "../schemas.ts";

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

const CSV_COLUMNS = Object.keys(AgencySchema.entries).filter(
  (k) => k !== "links",
) as (keyof AgencyRecord & string)[];

export const agencyRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      operationId: "listAgencies",
      tags: ["Agencies"],
      summary: "List agencies",
      description:
        "Toptier agencies with their aliases and what the commission claims against each.",
      responses: {
        200: jsonResponse("A page of agencies.", pageOf(AgencySchema), true),
        ...errorResponses(400, 503),
      },
    }),
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
        csv: {
          ...csvColumns<AgencyRecord>("agencies.csv", CSV_COLUMNS),
          fingerprint: () => datasetFingerprint(db),
        },
      });
    },
  )
  .get(
    "/:code",
    describeRoute({
      operationId: "getAgency",
      tags: ["Agencies"],
      summary: "One agency",
      responses: {
        200: jsonResponse("The agency.", one(AgencySchema)),
        ...errorResponses(400, 404, 503),
      },
    }),
    validate("param", v.object({ code: AgencyCode })),
    async (c) => {
      const { code } = c.req.valid("param");
      const row = await getAgency(c.get("db"), code);
      if (!row) throw new ApiError(404, "not-found", `No agency with code ${code}.`);
      c.header("Cache-Control", LIST_CACHE_CONTROL);
      return c.json({ data: record(row) });
    },
  );
