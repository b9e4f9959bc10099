import { listMemberVersions } from "../../../db/queries/history.ts";
import { getMember } from "../../../db/queries/members.ts";
import { historyHandlers } from "../versioned-history.ts";

export const memberHistoryHandlers = historyHandlers({
  resource: "member",
  tag: "Members",
  path: "/v1/members",
  list: listMemberVersions,
  exists: async (db, id) => (await getMember(db, id)) !== undefined,
});
