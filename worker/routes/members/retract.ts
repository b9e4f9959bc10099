import { memberWrites } from "../../domain/members.ts";
import { retractHandlers } from "../versioned-writes.ts";
import { MemberIdParam, memberSpec } from "./schema.ts";

export const retractMemberHandlers = retractHandlers({
  ...memberSpec,
  writes: memberWrites,
  idParam: MemberIdParam,
});
