import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { deleteSubscription } from "../../domain/subscriptions.ts";
import { toApi } from "../../lib/serialize.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { IdParam } from "../../schemas/common.ts";
import { SubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";

export const deleteAnySubscriptionHandlers = factory.createHandlers(
  describeRoute({
    operationId: "deleteAnySubscription",
    tags: ["Admin"],
    summary: "Delete any key's webhook subscription (admin)",
    description: "Nothing more is sent to it; its delivery log goes with it.",
    security: BEARER,
    responses: {
      200: jsonResponse("The deleted subscription.", v.object({ data: SubscriptionSchema })),
      ...errorResponses(400, 401, 403, 404, 429, 503),
    },
  }),
  validate("param", IdParam("subscription")),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await deleteSubscription(c.get("db"), "any", id, whoOf(c));
    c.header("Cache-Control", "no-store");
    return c.json({ data: toApi(row) });
  },
);
