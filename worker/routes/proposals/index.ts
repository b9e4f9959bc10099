import { Hono } from "hono";
import * as v from "valibot";
import { getProposal, listProposals } from "../../../db/queries/proposals.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { decodeCursor, encodeCursor } from "../../lib/cursor.ts";
import { toApi } from "../../lib/serialize.ts";
import { validate } from "../../validate.ts";

const ListQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "limit must be a whole number"),
      v.transform(Number),
      v.minValue(1, "limit must be at least 1"),
      v.maxValue(500, "limit must be at most 500"),
    ),
    "50",
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => decodeCursor(s) !== null, "cursor is not one this API issued"),
    ),
  ),
});

const IdParam = v.object({
  id: v.pipe(
    v.string(),
    v.regex(/^\d{1,15}$/, "id must be a positive integer"),
    v.transform(Number),
  ),
});

export const proposalRoutes = new Hono<AppEnv>()
  .get("/", validate("query", ListQuery), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const afterId = cursor ? decodeCursor(cursor)?.id : undefined;
    const rows = await listProposals(c.get("db"), { limit, afterId });
    const last = rows.at(-1);
    const nextCursor = rows.length === limit && last ? encodeCursor({ id: last.id }) : null;
    if (nextCursor) {
      const next = new URL(c.req.url);
      next.searchParams.set("cursor", nextCursor);
      c.header("Link", `<${next.pathname}${next.search}>; rel="next"`);
    }
    return c.json({ data: rows.map(toApi), next_cursor: nextCursor });
  })
  .get("/:id", validate("param", IdParam), async (c) => {
    const { id } = c.req.valid("param");
    const row = await getProposal(c.get("db"), id);
    if (!row) throw new ApiError(404, "not-found", `No proposal with id ${id}.`);
    return c.json({ data: toApi(row) });
  });
