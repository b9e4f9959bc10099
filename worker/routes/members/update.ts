import { memberWrites } from "../../domain/members.ts";
import { updateHandlers } from "../versioned-writes.ts";
import { MemberIdParam, MemberPatchBody, memberSpec } from "./schema.ts";

export const updateMemberHandlers = updateHandlers({
  ...memberSpec,
  writes: memberWrites,
  body: MemberPatchBody,
  idParam: MemberIdParam,
});
