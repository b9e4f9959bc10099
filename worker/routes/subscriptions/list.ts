import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { ownSubscriptions } from "../../domain/subscriptions.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { PageQuery, pageByIdDesc } from "../../schemas/admin.ts";
import { SubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ownerOf, security, tag } from "./shared.ts";

export const listSubscriptionsHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listSubscriptions",
    tags: [tag],
    summary: "The key's subscriptions (subscriber key)",
    description: "Newest first; never the signing secret.",
    security,
    responses: {
      200: jsonResponse(
        "Subscriptions, newest first.",
        v.object({ data: v.array(SubscriptionSchema), next_cursor: v.nullable(v.string()) }),
      ),
      ...errorResponses(400, 401, 403, 429, 503),
    },
  }),
  validate("query", PageQuery),
  async (c) => {
    const { limit, before } = c.req.valid("query");
    const rows = await ownSubscriptions(c.get("db"), ownerOf(c), { before, limit: limit + 1 });
    c.header("Cache-Control", "no-store");
    return c.json(pageByIdDesc(rows, limit));
  },
);
