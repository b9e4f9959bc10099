import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { renameCommission } from "../../domain/commissions.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { CommissionRenameBody, CommissionSchema, SlugParam } from "../../schemas/commissions.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ifMatchVersion, sendWritten, whoOf } from "../write-http.ts";

/** POST /v1/commissions/{slug}/rename: an admin changes the identifier; the old one redirects. */
export const renameCommissionHandlers = factory.createHandlers(
  describeRoute({
    operationId: "renameCommission",
    tags: ["Commissions"],
    summary: "Rename a commission (admin)",
    description:
      "A slug is an identifier pages, embeds, feeds and scripts link to, so only an admin changes it, and the old slug keeps working: GET /v1/commissions/{old} answers 308 to the new URL, and `commission=<old>` filters the same rows everywhere. A slug another commission holds or held is refused with 409. `If-Match` is honoured when sent. Kept in the audit log with its reason.",
    security: BEARER,
    responses: {
      200: jsonResponse("The commission as it is now.", v.object({ data: CommissionSchema })),
      ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 429, 503),
    },
  }),
  jsonBody(),
  validate("param", SlugParam),
  validate("json", CommissionRenameBody),
  async (c) => {
    const { slug } = c.req.valid("param");
    const { slug: to, reason } = c.req.valid("json");
    const record = await renameCommission(c.get("db"), {
      slug,
      to,
      ifVersion: ifMatchVersion(c, false),
      who: whoOf(c),
      reason,
    });
    c.header("Content-Location", `/v1/commissions/${encodeURIComponent(record.slug)}`);
    return sendWritten(c, { data: record }, 200);
  },
);
