import { changeMemberPosting } from "../../domain/member-writes.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { RetractBody } from "../../schemas/common.ts";
import { PostingParam } from "../../schemas/members.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ifMatchVersion } from "../write-http.ts";
import { describeMemberPartWrite, respondWithMember } from "./part-writes.ts";

export const retractPostingHandlers = factory.createHandlers(
  describeMemberPartWrite(
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
    const change = { action: "retract", id: posting, reason } as const;
    const edit = { memberId: id, ifVersion: ifMatchVersion(c, false), reason };
    return respondWithMember(c, edit, (db, e) => changeMemberPosting(db, e, change), 200);
  },
);
