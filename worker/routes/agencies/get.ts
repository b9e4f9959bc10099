import { getAgency } from "../../../db/queries/agencies.ts";
import { agencyRecord } from "../../domain/agencies.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { AgencySchema } from "../../schemas/agencies.ts";
import { AgencyCodePath } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const getAgencyHandlers = factory.createHandlers(
  describeOne({ operationId: "getAgency", tag: "Agencies", summary: "One agency" }, AgencySchema),
  validate("param", AgencyCodePath),
  async (c) => {
    const { code } = c.req.valid("param");
    const row = await getAgency(c.get("db"), code);
    return sendRecord(c, row, agencyRecord, `No agency with code ${code}.`);
  },
);
