import { memberWrites } from "../../domain/members.ts";
import { createHandlers } from "../versioned-writes.ts";
import { MemberCreateBody, memberSpec } from "./schema.ts";

/** Editors add members; each change to one is a member version. */
export const createMemberHandlers = createHandlers({
  ...memberSpec,
  writes: memberWrites,
  body: MemberCreateBody,
});
