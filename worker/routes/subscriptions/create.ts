import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { createSubscription } from "../../domain/subscriptions.ts";
import { toApi } from "../../lib/serialize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { NewSubscriptionBody, NewSubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";
import { checkUrl, ownerOf, security, tag } from "./shared.ts";

export const createSubscriptionHandlers = factory.createHandlers(
  describeRoute({
    operationId: "createSubscription",
    tags: [tag],
    summary: "Subscribe a URL to changes (subscriber key)",
    description:
      "Every change matching the filters is posted to the URL, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The response holds the signing secret, once. A key holds at most 25 subscriptions, each URL once (409 otherwise).",
    security,
    responses: {
      201: jsonResponse(
        "The subscription and its secret.",
        v.object({ data: NewSubscriptionSchema }),
      ),
      ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("json", NewSubscriptionBody),
  async (c) => {
    const body = c.req.valid("json");
    const { row, secret } = await createSubscription(c.get("db"), {
      apiKeyId: ownerOf(c),
      fields: { ...body, url: checkUrl(c, body.url) },
      who: whoOf(c),
    });
    c.header("Cache-Control", "no-store");
    c.header("Location", `/v1/subscriptions/${row.id}`);
    return c.json({ data: { ...toApi(row), secret } }, 201);
  },
);
