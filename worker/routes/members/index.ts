import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { datasetFingerprint } from "../../../db/queries/fingerprint.ts";
import {
  countMembers,
  getMember,
  listMembers,
  type MemberSort,
} from "../../../db/queries/members.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { csvColumns, LIST_CACHE_CONTROL, parseSort, sendList } from "../../lib/listing.ts";
import { listedRecord } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { IdParam, one, pageOf } from "../schemas.ts";
import { MemberListQuery, type MemberRecord, MemberSchema } from "./schema.ts";

const record = (row: Parameters<typeof listedRecord>[0]) => listedRecord(row) as MemberRecord;

export const memberRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      operationId: "listMembers",
      tags: ["Members"],
      summary: "List commission members",
      description: "Leaders and members, each fact with its source. JSON or CSV, paged by cursor.",
      responses: {
        200: jsonResponse("A page of members.", pageOf(MemberSchema), true),
        ...errorResponses(400, 503),
      },
    }),
    validate("query", MemberListQuery),
    (c) => {
      const query = c.req.valid("query");
      const db = c.get("db");
      const filters = { commission: query.commission };
      const sort = parseSort<MemberSort>(query.sort);
      return sendList(c, query, {
        page: (after, limit) =>
          listMembers(db, { filters, sort: sort.name, desc: sort.desc, after, limit }),
        position: (row) => ({ value: row.sortValue, key: row.id }),
        record,
        total: () => countMembers(db, filters),
        csv: {
          ...csvColumns<MemberRecord>(
            "members.csv",
            Object.keys(MemberSchema.entries) as (keyof MemberRecord)[],
          ),
          fingerprint: () => datasetFingerprint(db),
        },
      });
    },
  )
  .get(
    "/:id",
    describeRoute({
      operationId: "getMember",
      tags: ["Members"],
      summary: "One member",
      responses: {
        200: jsonResponse("The member.", one(MemberSchema)),
        ...errorResponses(400, 404, 503),
      },
    }),
    validate("param", IdParam("member")),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await getMember(c.get("db"), id);
      if (!row) throw new ApiError(404, "not-found", `No member with id ${id}.`);
      c.header("Cache-Control", LIST_CACHE_CONTROL);
      return c.json({ data: record(row) });
    },
  );
