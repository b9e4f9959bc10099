import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { subscriptionDeliveries } from "../../domain/subscriptions.ts";
import { ApiError } from "../../errors.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { PageQuery, pageByIdDesc } from "../../schemas/admin.ts";
import { IdParam } from "../../schemas/common.ts";
import { DeliverySchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ownerOf, security, tag } from "./shared.ts";

export const listDeliveriesHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listSubscriptionDeliveries",
    tags: [tag],
    summary: "A subscription's delivery log (subscriber key)",
    description:
      "Each change sent or being sent, newest first: attempts, status, the receiver's last response code or error, and the next retry.",
    security,
    responses: {
      200: jsonResponse(
        "Deliveries, newest first.",
        v.object({ data: v.array(DeliverySchema), next_cursor: v.nullable(v.string()) }),
      ),
      ...errorResponses(400, 401, 403, 404, 429, 503),
    },
  }),
  validate("param", IdParam("subscription")),
  validate("query", PageQuery),
  async (c) => {
    const { id } = c.req.valid("param");
    const { limit, before } = c.req.valid("query");
    const page = { before, limit: limit + 1 };
    const rows = await subscriptionDeliveries(c.get("db"), ownerOf(c), id, page);
    if (!rows) throw new ApiError("not-found", `No subscription ${id} of this key.`);
    c.header("Cache-Control", "no-store");
    return c.json(pageByIdDesc(rows, limit));
  },
);
