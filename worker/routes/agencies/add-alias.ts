import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { addAgencyAlias } from "../../domain/agencies.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { AliasBody } from "../../schemas/agencies.ts";
import { AgencyCodePath } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";

export const addAgencyAliasHandlers = factory.createHandlers(
  describeRoute({
    operationId: "addAgencyAlias",
    tags: ["Agencies"],
    summary: "Teach an agency a new name (editor)",
    description:
      "Adds an alias and matches every claim that uses the name, at once. 409 when the name already belongs to an agency.",
    security: BEARER,
    responses: {
      201: jsonResponse(
        "The alias and how many claims it matched.",
        v.object({
          data: v.object({
            alias: v.string(),
            agency_code: v.string(),
            matched_claims: v.number(),
          }),
        }),
      ),
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", AgencyCodePath),
  validate("json", AliasBody),
  async (c) => {
    const { code } = c.req.valid("param");
    const { alias, reason = null } = c.req.valid("json");
    const matched = await addAgencyAlias(c.get("db"), { code, alias, reason, who: whoOf(c) });
    c.header("Cache-Control", "no-store");
    return c.json({ data: { alias, agency_code: code, matched_claims: matched } }, 201);
  },
);
