import { commissionIdBySlug } from "../../../db/queries/commissions.ts";
import { getMember } from "../../../db/queries/members.ts";
import { memberTable } from "../../../db/queries/versioned.ts";
import { memberRecords } from "../../domain/members.ts";
import { commissionIdOf, writeHandlers } from "../../edits/routes.ts";
import { fromApi } from "../../lib/serialize.ts";
import { IdParam } from "../schemas.ts";
import { MemberCreateBody, MemberPatchBody, MemberSchema } from "./schema.ts";

/** Editors add, correct and retract members; each change is a member version. */
export const memberWrites = writeHandlers({
  resource: "member",
  tag: "Members",
  table: memberTable,
  record: MemberSchema,
  createBody: MemberCreateBody,
  patchBody: MemberPatchBody,
  idParam: IdParam("member"),
  path: "/v1/members",
  toInsert: async (tx, { commission, reason: _reason, ...fields }) => ({
    ...(fromApi(fields) as Omit<Parameters<typeof memberTable.insert>[1], "commissionId">),
    commissionId: await commissionIdOf(tx, commission as string, commissionIdBySlug),
  }),
  read: async (db, id) => {
    const row = await getMember(db, id);
    return row && (await memberRecords(db, [row]))[0];
  },
});
