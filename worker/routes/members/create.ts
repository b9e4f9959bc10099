import { memberWrites } from "../../domain/members.ts";
import { MemberCreateBody, memberSpec } from "../../schemas/members.ts";
import { createHandlers } from "../versioned-writes.ts";

/** Editors add members; each change to one is a member version. */
export const createMemberHandlers = createHandlers({
  ...memberSpec,
  writes: memberWrites,
  body: MemberCreateBody,
});
