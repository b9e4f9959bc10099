import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { keySubscriptions } from "../../domain/subscriptions.ts";
import { ApiError } from "../../errors.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { PageQuery, pageByIdDesc } from "../../schemas/admin.ts";
import { IdParam } from "../../schemas/common.ts";
import { SubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listKeySubscriptionsHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listKeySubscriptions",
    tags: ["Admin"],
    summary: "A key's webhook subscriptions (admin)",
    description:
      "Any key's, a revoked one's included (revoking a key pauses them): URL, filters and whether they are paused; never a signing secret.",
    security: BEARER,
    responses: {
      200: jsonResponse(
        "The subscriptions, newest first.",
        v.object({ data: v.array(SubscriptionSchema), next_cursor: v.nullable(v.string()) }),
      ),
      ...errorResponses(400, 401, 403, 404, 429, 503),
    },
  }),
  validate("param", IdParam("key")),
  validate("query", PageQuery),
  async (c) => {
    const { id } = c.req.valid("param");
    const { limit, before } = c.req.valid("query");
    const rows = await keySubscriptions(c.get("db"), id, { before, limit: limit + 1 });
    if (!rows) throw new ApiError("not-found", `No key with id ${id}.`);
    c.header("Cache-Control", "no-store");
    return c.json(pageByIdDesc(rows, limit));
  },
);
