import { memberRecord } from "../../domain/members.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { MemberIdParam, type MemberRecord, MemberSchema } from "../../schemas/members.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const getMemberHandlers = factory.createHandlers(
  describeOne({ operationId: "getMember", tag: "Members", summary: "One member" }, MemberSchema),
  validate("param", MemberIdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    const member = await memberRecord(c.get("db"), id);
    return sendRecord(c, member, (m) => m as MemberRecord, `No member with id ${id}.`);
  },
);
