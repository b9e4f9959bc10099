import type * as v from "valibot";
import { commissionCosts } from "../../domain/reviews.ts";
import { ApiError } from "../../errors.ts";
import { LIST_CACHE_CONTROL } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { SlugParam } from "../../schemas/commissions.ts";
import { CommissionCostsSchema } from "../../schemas/reviews.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

/** GET /v1/commissions/{slug}/costs */
export const commissionCostsHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "commissionCosts",
      tag: "Commissions",
      summary: "A commission's claimed savings, verified savings and published cost estimates",
      description:
        "Side by side and each attributed: the commission's claimed total (its own figure), this project's verified range (the methodology's), and what others estimated its actions cost (each estimator's figure, period and source). No net saving is computed: the figures measure different things over different periods.",
    },
    CommissionCostsSchema,
  ),
  validate("param", SlugParam),
  async (c) => {
    const { slug } = c.req.valid("param");
    const data = await commissionCosts(c.get("db"), slug);
    if (!data) throw new ApiError("not-found", `No commission "${slug}".`);
    c.header("Cache-Control", LIST_CACHE_CONTROL);
    return c.json({ data } satisfies { data: v.InferOutput<typeof CommissionCostsSchema> });
  },
);
