import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Db, Tx } from "../../../db/client.ts";
import { getMember } from "../../../db/queries/members.ts";
import type { NewPosting } from "../../../db/queries/postings.ts";
import { memberRecords } from "../../domain/members.ts";
import { changePosting, dateColumns, type PostingChange } from "../../domain/postings.ts";
import { editedRow, ifMatchVersion, whoOf } from "../../edits/http.ts";
import { ApiError } from "../../errors.ts";
import { recordEtag } from "../../lib/etag.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { IdParam, RetractBody } from "../schemas.ts";
import { MemberSchema, PostingCreateBody, PostingParam, PostingPatchBody } from "./schema.ts";

type PostingBody = Partial<v.InferOutput<typeof PostingCreateBody>>;

const security = [{ bearer: [] }];
const one = v.object({ data: MemberSchema });

/** A body's fields as posting columns; a field not sent is not touched. */
function columns(body: PostingBody): Partial<NewPosting> {
  const set = <K extends keyof NewPosting>(key: K, value: NewPosting[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...set("agencyRef", body.agency),
    ...set("agencyName", body.agency_name),
    ...set("agencyCode", body.agency_code),
    ...set("title", body.title),
    ...set("postingType", body.type),
    ...dateColumns(body.start, "start"),
    ...dateColumns(body.end, "end"),
    // An editor's posting cites its report; the roster's note no longer applies.
    ...(body.source === undefined ? {} : { sourceUrl: body.source, sourceNote: null }),
  };
}

/** Run a posting change and answer with the member as it now is, with its new ETag. */
async function respond(
  c: Parameters<typeof whoOf>[0],
  memberId: number,
  ifVersion: number | undefined,
  reason: string | null,
  change: PostingChange,
  status: 200 | 201,
) {
  const record = await c.get("db").transaction(async (tx: Tx) => {
    const outcome = await changePosting(tx, { memberId, ifVersion, who: whoOf(c), reason }, change);
    if (outcome.outcome === "no-posting") {
      const id = "postingId" in change ? change.postingId : "";
      throw new ApiError("not-found", `Member ${memberId} has no posting ${id}.`);
    }
    editedRow(outcome, `member ${memberId}`);
    return read(tx, memberId);
  });
  if (!record) throw new ApiError("not-found", `No member ${memberId}.`);
  const text = JSON.stringify({ data: record });
  c.header("ETag", await recordEtag(record.version, text));
  c.header("Cache-Control", "no-store");
  return c.body(text, status, { "Content-Type": "application/json" });
}

async function read(db: Db | Tx, id: number) {
  const row = await getMember(db, id);
  return row && (await memberRecords(db, [row]))[0];
}

const described = (operationId: string, summary: string, description: string, status = 200) =>
  describeRoute({
    operationId,
    tags: ["Members"],
    summary,
    description,
    security,
    responses: {
      [status]: jsonResponse("The member as it is now, with its postings.", one),
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 428, 429, 503),
    },
  });

export const addPostingHandlers = factory.createHandlers(
  described(
    "addMemberPosting",
    "Add a posting to a member (editor)",
    "A posting needs the report it comes from (`source`). Dates keep their precision: `2025-02-14`, `2025-02-14~` (about), `2025-02-XX` (a month). One version of the member records it. Requires `If-Match` with the member's ETag.",
    201,
  ),
  jsonBody(),
  validate("param", IdParam("member")),
  validate("json", PostingCreateBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason = null, ...body } = c.req.valid("json");
    const values = columns(body) as NewPosting;
    return respond(c, id, ifMatchVersion(c, true), reason, { action: "add", values }, 201);
  },
);

export const correctPostingHandlers = factory.createHandlers(
  described(
    "correctMemberPosting",
    "Correct a member's posting (editor)",
    "Changes the fields sent; a new `source` replaces the old. One version of the member records the posting before and after. Requires `If-Match` with the member's ETag.",
  ),
  jsonBody(),
  validate("param", PostingParam),
  validate("json", PostingPatchBody),
  async (c) => {
    const { id, posting } = c.req.valid("param");
    const { reason = null, ...body } = c.req.valid("json");
    const change = { action: "correct", postingId: posting, values: columns(body) } as const;
    return respond(c, id, ifMatchVersion(c, true), reason, change, 200);
  },
);

export const retractPostingHandlers = factory.createHandlers(
  described(
    "retractMemberPosting",
    "Retract a member's posting (editor)",
    "The posting stays on the member's record with `retracted_at` and the reason, and is placed beside no claim. `If-Match` is honoured when sent.",
  ),
  jsonBody(),
  validate("param", PostingParam),
  validate("json", RetractBody),
  async (c) => {
    const { id, posting } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const change = { action: "retract", postingId: posting, reason } as const;
    return respond(c, id, ifMatchVersion(c, false), reason, change, 200);
  },
);
