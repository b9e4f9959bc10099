import { agencyRecord, findAgency } from "../../domain/agencies.ts";
import { membersPostedAt } from "../../domain/members.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { AgencyDetailSchema } from "../../schemas/agencies.ts";
import { AgencyCodePath } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const getAgencyHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "getAgency",
      tag: "Agencies",
      summary: "One agency, with the members posted there",
    },
    AgencyDetailSchema,
  ),
  validate("param", AgencyCodePath),
  async (c) => {
    const { code } = c.req.valid("param");
    const db = c.get("db");
    const row = await findAgency(db, code);
    const members = row ? await membersPostedAt(db, code) : [];
    const record = (r: NonNullable<typeof row>) => ({ ...agencyRecord(r), members });
    return sendRecord(c, row, record, `No agency with code ${code}.`);
  },
);
