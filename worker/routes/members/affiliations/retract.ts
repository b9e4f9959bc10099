import { changeAffiliation } from "../../../domain/member-writes.ts";
import { jsonBody } from "../../../middleware/json-body.ts";
import { AffiliationParam } from "../../../schemas/affiliations.ts";
import { RetractBody } from "../../../schemas/common.ts";
import { validate } from "../../../validate.ts";
import { factory } from "../../factory.ts";
import { ifMatchVersion } from "../../write-http.ts";
import { describeMemberPartWrite, respondWithMember } from "../part-writes.ts";

/** DELETE /v1/members/{id}/affiliations/{affiliation} */
export const retractAffiliationHandlers = factory.createHandlers(
  describeMemberPartWrite(
    "retractMemberAffiliation",
    "Retract a member's affiliation (editor)",
    "The affiliation stays on the member's record with `retracted_at` and the reason; its recipient's awards are no longer listed. `If-Match` is honoured when sent.",
  ),
  jsonBody(),
  validate("param", AffiliationParam),
  validate("json", RetractBody),
  async (c) => {
    const { id, affiliation } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const change = { action: "retract", id: affiliation, reason } as const;
    return respondWithMember(
      c,
      { memberId: id, ifVersion: ifMatchVersion(c, false), reason },
      (db, e) => changeAffiliation(db, e, change),
      200,
    );
  },
);
