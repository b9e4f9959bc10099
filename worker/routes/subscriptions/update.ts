import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { updateSubscription } from "../../domain/subscriptions.ts";
import { toApi } from "../../lib/serialize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { IdParam } from "../../schemas/common.ts";
import { SubscriptionPatchBody, SubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";
import { checkUrl, ownerOf, security, tag } from "./shared.ts";

export const updateSubscriptionHandlers = factory.createHandlers(
  describeRoute({
    operationId: "updateSubscription",
    tags: [tag],
    summary: "Change or resume a subscription (subscriber key)",
    description:
      'Change its URL or filters; `{"paused": false}` resumes a paused one (its failure count starts again) and sends the deliveries it held.',
    security,
    responses: {
      200: jsonResponse("The subscription.", v.object({ data: SubscriptionSchema })),
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", IdParam("subscription")),
  validate("json", SubscriptionPatchBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { paused, ...fields } = c.req.valid("json");
    const url = checkUrl(c, fields.url);
    const row = await updateSubscription(c.get("db"), {
      apiKeyId: ownerOf(c),
      id,
      fields: url === undefined ? fields : { ...fields, url },
      resume: paused === false,
      who: whoOf(c),
      queue: c.env.WEBHOOK_DELIVERIES,
    });
    c.header("Cache-Control", "no-store");
    return c.json({ data: toApi(row) });
  },
);
