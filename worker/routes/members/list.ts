import type { MemberSort } from "../../../db/queries/members.ts";
import { memberListSpec } from "../../domain/members.ts";
import { sendList } from "../../http/lists.ts";
import { csvColumns } from "../../lib/csv.ts";
import { parseSort } from "../../lib/paging.ts";
import { describeList } from "../../openapi.ts";
import { MemberListQuery, type MemberRecord, MemberSchema } from "../../schemas/members.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listMembersHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "listMembers",
      tag: "Members",
      summary: "List commission members",
      description: "Leaders and members, each fact with its source. JSON or CSV, paged by cursor.",
    },
    MemberSchema,
  ),
  validate("query", MemberListQuery),
  (c) => {
    const query = c.req.valid("query");
    const filters = {
      commission: query.commission,
      agency: query.agency,
      type: query.type,
      postedOn: query.posted_on,
      name: query.name,
    };
    const spec = memberListSpec(c.get("db"), filters, parseSort<MemberSort>(query.sort));
    return sendList(c, query, {
      ...spec,
      record: (row) => spec.record(row) as MemberRecord,
      csv: csvColumns<MemberRecord>("members.csv", MemberSchema),
    });
  },
);
