import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { createKey } from "../../domain/keys.ts";
import { toApi } from "../../lib/serialize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { NewKeyBody, NewKeySchema } from "../../schemas/admin.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { whoOf } from "../write-http.ts";

export const createKeyHandlers = factory.createHandlers(
  describeRoute({
    operationId: "createKey",
    tags: ["Admin"],
    summary: "Create an API key (admin)",
    description: "The response holds the secret, once. Store it: it cannot be shown again.",
    security: BEARER,
    responses: {
      201: jsonResponse("The new key and its secret.", v.object({ data: NewKeySchema })),
      ...errorResponses(400, 401, 403, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("json", NewKeyBody),
  async (c) => {
    const { name, role } = c.req.valid("json");
    const { row, secret } = await createKey(c.get("db"), { name, role, who: whoOf(c) });
    c.header("Cache-Control", "no-store");
    c.header("Location", `/v1/admin/keys/${row.id}`);
    return c.json({ data: { ...toApi(row), secret } }, 201);
  },
);
