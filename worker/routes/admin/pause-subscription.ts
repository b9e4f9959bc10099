import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { pauseSubscription } from "../../domain/subscriptions.ts";
import { toApi } from "../../lib/serialize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { IdParam, TextField } from "../../schemas/common.ts";
import { SubscriptionSchema } from "../../schemas/subscriptions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";

const PauseBody = v.strictObject({
  paused: v.pipe(
    v.literal(true, "paused can only be set to true here (its owner resumes it)"),
    v.description("`true` pauses the subscription: nothing more is sent, pending ones are held."),
  ),
  reason: v.optional(TextField(200)),
});

export const pauseSubscriptionHandlers = factory.createHandlers(
  describeRoute({
    operationId: "pauseSubscription",
    tags: ["Admin"],
    summary: "Pause any key's webhook subscription (admin)",
    description:
      "Nothing more is sent to it and what it had to send is held; its owner may resume it (a revoked key cannot).",
    security: BEARER,
    responses: {
      200: jsonResponse("The paused subscription.", v.object({ data: SubscriptionSchema })),
      ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", IdParam("subscription")),
  validate("json", PauseBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const row = await pauseSubscription(c.get("db"), id, reason ?? "paused by an admin", whoOf(c));
    c.header("Cache-Control", "no-store");
    return c.json({ data: toApi(row) });
  },
);
