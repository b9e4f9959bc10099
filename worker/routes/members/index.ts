import { Hono } from "hono";
import { listMemberVersions } from "../../../db/queries/history.ts";
import {
  countMembers,
  getMember,
  listMembers,
  type MemberSort,
} from "../../../db/queries/members.ts";
import { type MemberWithPostings, memberRecords } from "../../domain/members.ts";
import type { AppEnv } from "../../env.ts";
import { csvColumns, parseSort, sendList, sendRecord } from "../../lib/listing.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { describeList, describeOne } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { historyHandlers } from "../history.ts";
import { IdParam } from "../schemas.ts";
import { correctAffiliationHandlers } from "./affiliations/correct.ts";
import { createAffiliationHandlers } from "./affiliations/create.ts";
import { retractAffiliationHandlers } from "./affiliations/retract.ts";
import { addPostingHandlers, correctPostingHandlers, retractPostingHandlers } from "./postings.ts";
import { MemberListQuery, type MemberRecord, MemberSchema } from "./schema.ts";
import { memberWrites } from "./write.ts";

const memberHistory = historyHandlers({
  resource: "member",
  tag: "Members",
  path: "/v1/members",
  list: listMemberVersions,
  exists: async (db, id) => (await getMember(db, id)) !== undefined,
});

const editor = [requireKey("editor"), writeLimit] as const;

export const memberRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeList(
      {
        operationId: "listMembers",
        tag: "Members",
        summary: "List commission members",
        description:
          "Leaders and members, each fact with its source. JSON or CSV, paged by cursor.",
      },
      MemberSchema,
    ),
    validate("query", MemberListQuery),
    (c) => {
      const query = c.req.valid("query");
      const db = c.get("db");
      const filters = {
        commission: query.commission,
        agency: query.agency,
        type: query.type,
        postedOn: query.posted_on,
        name: query.name,
      };
      const sort = parseSort<MemberSort>(query.sort);
      return sendList(c, query, {
        page: async (after, limit) => {
          const rows = await listMembers(db, {
            filters,
            sort: sort.name,
            desc: sort.desc,
            after,
            limit,
          });
          const records = await memberRecords(db, rows);
          return rows.map((row, i) => ({ ...row, record: records[i] as MemberWithPostings }));
        },
        position: (row) => ({ value: row.sortValue, key: row.id }),
        record: (row) => row.record as MemberRecord,
        total: () => countMembers(db, filters),
        csv: csvColumns<MemberRecord>("members.csv", MemberSchema),
      });
    },
  )
  .get(
    "/:id",
    describeOne({ operationId: "getMember", tag: "Members", summary: "One member" }, MemberSchema),
    validate("param", IdParam("member")),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.get("db");
      const row = await getMember(db, id);
      const [member] = row ? await memberRecords(db, [row]) : [];
      return sendRecord(c, member, (m) => m as MemberRecord, `No member with id ${id}.`);
    },
  )
  .get("/:id/history", ...memberHistory)
  .post("/", ...editor, ...memberWrites.create)
  .patch("/:id", ...editor, ...memberWrites.update)
  .delete("/:id", ...editor, ...memberWrites.retract)
  .post("/:id/postings", ...editor, ...addPostingHandlers)
  .patch("/:id/postings/:posting", ...editor, ...correctPostingHandlers)
  .delete("/:id/postings/:posting", ...editor, ...retractPostingHandlers)
  .post("/:id/affiliations", ...editor, ...createAffiliationHandlers)
  .patch("/:id/affiliations/:affiliation", ...editor, ...correctAffiliationHandlers)
  .delete("/:id/affiliations/:affiliation", ...editor, ...retractAffiliationHandlers);
