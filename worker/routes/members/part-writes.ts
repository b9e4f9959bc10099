import type { Context } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Db } from "../../../db/client.ts";
import type { PartEdit } from "../../domain/member-writes.ts";
import type { AppEnv } from "../../env.ts";
import { BEARER, errorResponses, jsonResponse } from "../../openapi.ts";
import { MemberSchema } from "../../schemas/members.ts";
import { sendWritten, whoOf } from "../write-http.ts";

/**
 * What the writes of a member's parts (postings, affiliations) share: their description, and
 * their answer, the member as it now is with its new ETag.
 */
export const describeMemberPartWrite = (
  operationId: string,
  summary: string,
  description: string,
  status: 200 | 201 = 200,
) =>
  describeRoute({
    operationId,
    tags: ["Members"],
    summary,
    description,
    security: BEARER,
    responses: {
      [status]: jsonResponse(
        "The member as it is now, with its postings and affiliations.",
        v.object({ data: MemberSchema }),
      ),
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 428, 429, 503),
    },
  });

/** Run a change of a member's part through its write service and answer with the member. */
export async function respondWithMember<R extends { version: number }>(
  c: Context<AppEnv>,
  edit: Omit<PartEdit, "who">,
  write: (db: Db, edit: PartEdit) => Promise<R>,
  status: 200 | 201,
) {
  const record = await write(c.get("db"), { ...edit, who: whoOf(c) });
  return sendWritten(c, { data: record }, status);
}
