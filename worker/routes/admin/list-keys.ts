import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { apiKeys } from "../../domain/keys.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { KeySchema, PageQuery, pageByIdDesc } from "../../schemas/admin.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listKeysHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listKeys",
    tags: ["Admin"],
    summary: "List API keys (admin)",
    description: "Names, roles, prefixes and use; never a secret or a hash.",
    security: BEARER,
    responses: {
      200: jsonResponse(
        "The keys, newest first.",
        v.object({ data: v.array(KeySchema), next_cursor: v.nullable(v.string()) }),
      ),
      ...errorResponses(400, 401, 403, 429, 503),
    },
  }),
  validate("query", PageQuery),
  async (c) => {
    const { limit, before } = c.req.valid("query");
    const rows = await apiKeys(c.get("db"), { before, limit: limit + 1 });
    c.header("Cache-Control", "no-store");
    return c.json(pageByIdDesc(rows, limit));
  },
);
