import { commissionListSpec } from "../../domain/commissions.ts";
import { sendList } from "../../http/lists.ts";
import { csvColumns } from "../../lib/csv.ts";
import { parseSort } from "../../lib/paging.ts";
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
