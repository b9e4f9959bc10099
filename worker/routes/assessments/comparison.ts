import * as v from "valibot";
import { commissionComparison } from "../../domain/reviews.ts";
import { LIST_CACHE_CONTROL } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { OutsideAssessmentSchema } from "../../schemas/reviews.ts";
import { factory } from "../factory.ts";

const ComparisonSchema = v.array(
  v.object({
    slug: v.string(),
    name: v.string(),
    jurisdiction: v.string(),
    checks: v.array(
      v.object({
        ...OutsideAssessmentSchema.entries,
        share_low: v.pipe(
          v.nullable(v.string()),
          v.description('assessed_low ÷ claimed of the same record, as a whole percent ("26%").'),
        ),
        share_high: v.nullable(v.string()),
        self_reported: v.pipe(
          v.boolean(),
          v.description("The commission's own report: a claim, not a check."),
        ),
      }),
    ),
  }),
);

/** GET /v1/assessments/comparison */
export const comparisonHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "compareCommissions",
      tag: "Assessments by others",
      summary: "Every commission's claim beside what checks later found",
      description:
        "For each commission with assessments by others: each check's claimed figure, what it found and the share, computed within that one record (its currency; two currencies never meet). The page /commissions/compare shows the same.",
    },
    ComparisonSchema,
  ),
  async (c) => {
    c.header("Cache-Control", LIST_CACHE_CONTROL);
    return c.json({ data: await commissionComparison(c.get("db")) });
  },
);
