import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Tx } from "../../../../db/client.ts";
import type { NewAffiliation } from "../../../../db/queries/affiliations.ts";
import { getMember } from "../../../../db/queries/members.ts";
import { type AffiliationChange, changeAffiliation } from "../../../domain/affiliations.ts";
import { memberRecords } from "../../../domain/members.ts";
import { dateColumns } from "../../../domain/postings.ts";
import { editedRow, whoOf } from "../../../edits/http.ts";
import { ApiError } from "../../../errors.ts";
import { recordEtag } from "../../../lib/etag.ts";
import { errorResponses, jsonResponse } from "../../../openapi.ts";
import { MemberSchema } from "../schema.ts";
import type { AffiliationBody } from "./schema.ts";

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
  c: Parameters<typeof whoOf>[0],
  memberId: number,
  ifVersion: number | undefined,
  reason: string | null,
  change: AffiliationChange,
  status: 200 | 201,
) {
  const record = await c.get("db").transaction(async (tx: Tx) => {
    const who = whoOf(c);
    const outcome = await changeAffiliation(tx, { memberId, ifVersion, who, reason }, change);
    if (outcome.outcome === "no-affiliation") {
      const id = "affiliationId" in change ? change.affiliationId : "";
      throw new ApiError(404, "not-found", `Member ${memberId} has no affiliation ${id}.`);
    }
    editedRow(outcome, `member ${memberId}`);
    const row = await getMember(tx, memberId);
    return row && (await memberRecords(tx, [row]))[0];
  });
  if (!record) throw new ApiError(404, "not-found", `No member ${memberId}.`);
  const text = JSON.stringify({ data: record });
  c.header("ETag", await recordEtag(record.version, text));
  c.header("Cache-Control", "no-store");
  return c.body(text, status, { "Content-Type": "application/json" });
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
