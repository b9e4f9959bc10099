import { memberWrites } from "../../domain/members.ts";
import { MemberIdParam, memberSpec } from "../../schemas/members.ts";
import { retractHandlers } from "../versioned-writes.ts";

export const retractMemberHandlers = retractHandlers({
  ...memberSpec,
  writes: memberWrites,
  idParam: MemberIdParam,
});
