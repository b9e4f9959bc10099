import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEntries } from "../../domain/audit.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { AuditSchema, PageQuery, pageByIdDesc } from "../../schemas/admin.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listAuditHandlers = factory.createHandlers(
  describeRoute({
    operationId: "listAudit",
    tags: ["Admin"],
    summary: "The audit log (admin)",
    description: "Every write and key action: who, what, when, and the request id.",
    security: BEARER,
    responses: {
      200: jsonResponse(
        "Entries, newest first.",
        v.object({ data: v.array(AuditSchema), next_cursor: v.nullable(v.string()) }),
      ),
      ...errorResponses(400, 401, 403, 429, 503),
    },
  }),
  validate("query", PageQuery),
  async (c) => {
    const { limit, before } = c.req.valid("query");
    const rows = await auditEntries(c.get("db"), { before, limit: limit + 1 });
    c.header("Cache-Control", "no-store");
    return c.json(pageByIdDesc(rows, limit));
  },
);
