import { memberWrites } from "../../domain/members.ts";
import { MemberIdParam, MemberPatchBody, memberSpec } from "../../schemas/members.ts";
import { updateHandlers } from "../versioned-writes.ts";

export const updateMemberHandlers = updateHandlers({
  ...memberSpec,
  writes: memberWrites,
  body: MemberPatchBody,
  idParam: MemberIdParam,
});
