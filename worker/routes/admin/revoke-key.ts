import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { revokeKey } from "../../domain/keys.ts";
import { ApiError } from "../../errors.ts";
import { toApi } from "../../lib/serialize.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { KeySchema } from "../../schemas/admin.ts";
import { IdParam } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";

export const revokeKeyHandlers = factory.createHandlers(
  describeRoute({
    operationId: "revokeKey",
    tags: ["Admin"],
    summary: "Revoke an API key (admin)",
    description:
      "Takes effect at once: the next request with the key gets 401, and its webhook subscriptions are paused (nothing more is sent to them).",
    security: BEARER,
    responses: {
      200: jsonResponse("The revoked key.", v.object({ data: KeySchema })),
      ...errorResponses(400, 401, 403, 404, 429, 503),
    },
  }),
  validate("param", IdParam("key")),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await revokeKey(c.get("db"), id, whoOf(c));
    if (!row) throw new ApiError("not-found", `No key with id ${id}.`);
    c.header("Cache-Control", "no-store");
    return c.json({ data: toApi(row) });
  },
);
