import type { NewPosting } from "../../../db/queries/postings.ts";
import { changeMemberPosting } from "../../domain/member-writes.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { MemberIdParam, PostingCreateBody, postingColumns } from "../../schemas/members.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ifMatchVersion } from "../write-http.ts";
import { describeMemberPartWrite, respondWithMember } from "./part-writes.ts";

export const addPostingHandlers = factory.createHandlers(
  describeMemberPartWrite(
    "addMemberPosting",
    "Add a posting to a member (editor)",
    "A posting needs the report it comes from (`source`). Dates keep their precision: `2025-02-14`, `2025-02-14~` (about), `2025-02-XX` (a month). One version of the member records it. Requires `If-Match` with the member's ETag.",
    201,
  ),
  jsonBody(),
  validate("param", MemberIdParam),
  validate("json", PostingCreateBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason = null, ...body } = c.req.valid("json");
    const values = postingColumns(body) as NewPosting;
    const edit = { memberId: id, ifVersion: ifMatchVersion(c, true), reason };
    return respondWithMember(
      c,
      edit,
      (db, e) => changeMemberPosting(db, e, { action: "add", values }),
      201,
    );
  },
);
