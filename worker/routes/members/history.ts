import { findMember, memberVersions } from "../../domain/members.ts";
import { historyHandlers } from "../versioned-history.ts";

export const memberHistoryHandlers = historyHandlers({
  resource: "member",
  tag: "Members",
  path: "/v1/members",
  list: memberVersions,
  exists: async (db, id) => (await findMember(db, id)) !== undefined,
});
