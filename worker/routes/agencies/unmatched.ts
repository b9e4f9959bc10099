import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { unmatchedNames } from "../../domain/agencies.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { Slug } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

const UnmatchedQuery = v.strictObject({
  commission: v.optional(
    v.pipe(Slug, v.description("Only this commission's claims (a slug, e.g. `doge`).")),
  ),
});

export const unmatchedAgencyNamesHandlers = factory.createHandlers(
  describeRoute({
    operationId: "unmatchedAgencyNames",
    tags: ["Agencies"],
    summary: "Source agency names not matched to an agency",
    description:
      "Names the commissions' live claims use that no alias matches yet, most used first (one commission's with `commission`): what an editor should map with POST /v1/agencies/{code}/aliases.",
    responses: {
      200: jsonResponse(
        "The unmatched names.",
        v.object({ data: v.array(v.object({ agency_name: v.string(), claims: v.number() })) }),
      ),
      ...errorResponses(400, 503),
    },
  }),
  validate("query", UnmatchedQuery),
  async (c) => {
    const rows = await unmatchedNames(c.get("db"), c.req.valid("query"));
    c.header("Cache-Control", "public, max-age=60");
    return c.json({ data: rows.map(toApi) });
  },
);
