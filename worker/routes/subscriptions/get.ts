import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { ownSubscription } from "../../domain/subscriptions.ts";
import { ApiError } from "../../errors.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { IdParam } from "../../schemas/common.ts";
import { SubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ownerOf, security, tag } from "./shared.ts";

export const getSubscriptionHandlers = factory.createHandlers(
  describeRoute({
    operationId: "getSubscription",
    tags: [tag],
    summary: "One subscription (subscriber key)",
    description: "Its URL, filters, failures in a row, and whether (and why) it is paused.",
    security,
    responses: {
      200: jsonResponse("The subscription.", v.object({ data: SubscriptionSchema })),
      ...errorResponses(400, 401, 403, 404, 429, 503),
    },
  }),
  validate("param", IdParam("subscription")),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await ownSubscription(c.get("db"), ownerOf(c), id);
    if (!row) throw new ApiError("not-found", `No subscription ${id} of this key.`);
    c.header("Cache-Control", "no-store");
    return c.json({ data: toApi(row) });
  },
);
