import type { Context } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { changeMemberPosting, type PostingChange } from "../../domain/member-writes.ts";
import type { AppEnv } from "../../env.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { MemberSchema } from "../../schemas/members.ts";
import { sendWritten, whoOf } from "../write-http.ts";

/** What the three posting routes share: their description, and their answer. */

export const describePostingWrite = (
  operationId: string,
  summary: string,
  description: string,
  status = 200,
) =>
  describeRoute({
    operationId,
    tags: ["Members"],
    summary,
    description,
    security: [{ bearer: [] }],
    responses: {
      [status]: jsonResponse(
        "The member as it is now, with its postings.",
        v.object({ data: MemberSchema }),
      ),
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 428, 429, 503),
    },
  });

/** Run a posting change and answer with the member as it now is, with its new ETag. */
export async function respondWithMember(
  c: Context<AppEnv>,
  edit: { memberId: number; ifVersion: number | undefined; reason: string | null },
  change: PostingChange,
  status: 200 | 201,
) {
  const record = await changeMemberPosting(c.get("db"), { ...edit, who: whoOf(c) }, change);
  return sendWritten(c, { data: record }, status);
}
