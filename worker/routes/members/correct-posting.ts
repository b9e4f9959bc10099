import { changeMemberPosting } from "../../domain/member-writes.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { PostingParam, PostingPatchBody, postingColumns } from "../../schemas/members.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ifMatchVersion } from "../write-http.ts";
import { describeMemberPartWrite, respondWithMember } from "./part-writes.ts";

export const correctPostingHandlers = factory.createHandlers(
  describeMemberPartWrite(
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
    const change = { action: "correct", id: posting, values: postingColumns(body) } as const;
    const edit = { memberId: id, ifVersion: ifMatchVersion(c, true), reason };
    return respondWithMember(c, edit, (db, e) => changeMemberPosting(db, e, change), 200);
  },
);
