import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  AGENCY_SORTS,
  type AgencyRow,
  type AgencySort,
  addAgencyAlias,
  assignAgencyCodes,
  countAgencies,
  getAgency,
  listAgencies,
  unmatchedAgencyNames,
} from "../../../db/queries/agencies.ts";
import { writeAudit } from "../../../db/queries/audit.ts";
import { whoOf } from "../../edits/http.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { normalizeName } from "../../jobs/doge/receipts.ts";
import {
  csvColumns,
  listParams,
  parseSort,
  sendList,
  sendRecord,
  sortParam,
} from "../../lib/listing.ts";
import { listedRecord, toApi } from "../../lib/serialize.ts";
import { requireKey } from "../../middleware/auth.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { describeList, describeOne, errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { Money, ReasonField, TextField, Timestamp } from "../schemas.ts";

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
  proposal_count: v.pipe(
    v.number(),
    v.description("Live claims at the agency: still listed at the source, not retracted."),
  ),
  claimed_savings_total: v.pipe(
    Money,
    v.description(
      "Their claimed savings as the source states them: the by-agency rollup's `claimed_as_published`.",
    ),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
  links: v.object({ proposals: v.string() }),
});
type AgencyRecord = v.InferOutput<typeof AgencySchema>;

function record(row: AgencyRow): AgencyRecord {
  return {
    ...listedRecord(row),
    links: { proposals: `/v1/proposals?agency=${row.code}&removed=false` },
  } as AgencyRecord;
}

const AliasBody = v.strictObject({
  alias: v.pipe(TextField(200), v.description("A name the sources use for this agency.")),
  reason: ReasonField,
});

export const agencyRoutes = new Hono<AppEnv>()
  .get(
    "/unmatched",
    describeRoute({
      operationId: "unmatchedAgencyNames",
      tags: ["Agencies"],
      summary: "Source agency names not matched to an agency",
      description:
        "Names the commission's claims use that no alias matches yet, most used first: what an editor should map with POST /v1/agencies/{code}/aliases.",
      responses: {
        200: jsonResponse(
          "The unmatched names.",
          v.object({ data: v.array(v.object({ agency_name: v.string(), claims: v.number() })) }),
        ),
        ...errorResponses(503),
      },
    }),
    async (c) => {
      const rows = await unmatchedAgencyNames(c.get("db"));
      c.header("Cache-Control", "public, max-age=60");
      return c.json({ data: rows.map(toApi) });
    },
  )
  .post(
    "/:code/aliases",
    describeRoute({
      operationId: "addAgencyAlias",
      tags: ["Agencies"],
      summary: "Teach an agency a new name (editor)",
      description:
        "Adds an alias and matches every claim that uses the name, at once. 409 when the name already belongs to an agency.",
      security: [{ bearer: [] }],
      responses: {
        201: jsonResponse(
          "The alias and how many claims it matched.",
          v.object({
            data: v.object({
              alias: v.string(),
              agency_code: v.string(),
              matched_claims: v.number(),
            }),
          }),
        ),
        ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
      },
    }),
    requireKey("editor"),
    writeLimit,
    jsonBody(),
    validate("param", v.object({ code: AgencyCode })),
    validate("json", AliasBody),
    async (c) => {
      const { code } = c.req.valid("param");
      const { alias, reason = null } = c.req.valid("json");
      const who = whoOf(c);
      const matched = await c.get("db").transaction(async (tx) => {
        if (!(await getAgency(tx, code)))
          throw new ApiError(404, "not-found", `No agency with code ${code}.`);
        const added = await addAgencyAlias(tx, {
          normalized: normalizeName(alias),
          alias,
          agencyCode: code,
          origin: who.actor,
        });
        if (!added)
          throw new ApiError(409, "conflict", `The name "${alias}" already belongs to an agency.`);
        // Each claim the alias matches is a version of it, by this editor, saying why.
        const count = await assignAgencyCodes(tx, undefined, {
          actor: who.actor,
          reason: reason ?? `matched by the alias "${alias}"`,
          requestId: who.requestId,
        });
        await writeAudit(tx, {
          actor: who.actor,
          action: "agency_alias.create",
          resourceType: "agency",
          resourceId: code,
          requestId: who.requestId,
          details: { alias, matched_claims: count, reason },
        });
        return count;
      });
      c.header("Cache-Control", "no-store");
      return c.json({ data: { alias, agency_code: code, matched_claims: matched } }, 201);
    },
  )
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
