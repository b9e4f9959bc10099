import { commissionRecord, findCommission } from "../../domain/commissions.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { CommissionSchema, SlugParam } from "../../schemas/commissions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const getCommissionHandlers = factory.createHandlers(
  describeOne(
    { operationId: "getCommission", tag: "Commissions", summary: "One commission" },
    CommissionSchema,
  ),
  validate("param", SlugParam),
  async (c) => {
    const { slug } = c.req.valid("param");
    const row = await findCommission(c.get("db"), slug);
    // A slug from before a rename: send the reader to the commission's current URL.
    if (row && row.slug !== slug) {
      return c.redirect(`/v1/commissions/${encodeURIComponent(row.slug)}`, 308);
    }
    return sendRecord(c, row, commissionRecord, `No commission "${slug}".`);
  },
);
