import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { unmatchedAgencyNames } from "../../../db/queries/agencies.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { factory } from "../factory.ts";

export const unmatchedAgencyNamesHandlers = factory.createHandlers(
  describeRoute({
    operationId: "unmatchedAgencyNames",
    tags: ["Agencies"],
    summary: "Source agency names not matched to an agency",
    description:
      "Names the commission's claims use that no alias matches yet, most used first: what an editor should map with POST /v1/agencies/{code}/aliases.",
    responses: {
      200: jsonResponse(
        "The unmatched names.",
        v.object({ data: v.array(v.object({ agency_name: v.string(), claims: v.number() })) }),
      ),
      ...errorResponses(503),
    },
  }),
  async (c) => {
    const rows = await unmatchedAgencyNames(c.get("db"));
    c.header("Cache-Control", "public, max-age=60");
    return c.json({ data: rows.map(toApi) });
  },
);
