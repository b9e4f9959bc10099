import { commissionListSpec } from "../../domain/commissions.ts";
import { csvColumns, parseSort, sendList } from "../../lib/listing.ts";
import { describeList } from "../../openapi.ts";
import {
  CommissionListQuery,
  type CommissionRecord,
  CommissionSchema,
} from "../../schemas/commissions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listCommissionsHandlers = factory.createHandlers(
  describeList(
    { operationId: "listCommissions", tag: "Commissions", summary: "List commissions" },
    CommissionSchema,
  ),
  validate("query", CommissionListQuery),
  (c) => {
    const query = c.req.valid("query");
    const { desc } = parseSort(query.sort);
    return sendList(c, query, {
      ...commissionListSpec(c.get("db"), desc),
      csv: csvColumns<CommissionRecord>("commissions.csv", CommissionSchema),
    });
  },
);
