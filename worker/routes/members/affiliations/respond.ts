import type { Context } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { NewAffiliation } from "../../../../db/queries/affiliations.ts";
import { type AffiliationChange, changeAffiliation } from "../../../domain/member-writes.ts";
import { dateColumns } from "../../../domain/postings.ts";
import type { AppEnv } from "../../../env.ts";
import { errorResponses, jsonResponse } from "../../../openapi.ts";
import type { AffiliationBody } from "../../../schemas/affiliations.ts";
import { MemberSchema } from "../../../schemas/members.ts";
import { sendWritten, whoOf } from "../../write-http.ts";

/** A body's fields as affiliation columns; a field not sent is not touched. */
export function affiliationColumns(body: AffiliationBody): Partial<NewAffiliation> {
  const set = <K extends keyof NewAffiliation>(key: K, value: NewAffiliation[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...set("organization", body.organization),
    ...set("relation", body.relation),
    ...set("title", body.title),
    ...dateColumns(body.start, "start"),
    ...dateColumns(body.end, "end"),
    // UEIs are upper-case wherever they are published.
    ...set("recipientUei", body.recipient_uei?.toUpperCase() ?? body.recipient_uei),
    ...set("recipientName", body.recipient_name),
    ...set("sourceUrl", body.source),
  };
}

/** Run an affiliation change and answer with the member as it now is, with its new ETag. */
export async function respondWithMember(
  c: Context<AppEnv>,
  edit: { memberId: number; ifVersion: number | undefined; reason: string | null },
  change: AffiliationChange,
  status: 200 | 201,
) {
  const record = await changeAffiliation(c.get("db"), { ...edit, who: whoOf(c) }, change);
  return sendWritten(c, { data: record }, status);
}

const one = v.object({ data: MemberSchema });

/** An affiliation write's OpenAPI description. */
export const describedWrite = (
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
    security: [{ bearer: [] }],
    responses: {
      [status]: jsonResponse("The member as it is now, with its affiliations.", one),
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 428, 429, 503),
    },
  });
