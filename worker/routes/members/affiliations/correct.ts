import { changeAffiliation } from "../../../domain/member-writes.ts";
import { jsonBody } from "../../../middleware/json-body.ts";
import { AffiliationParam, AffiliationPatchBody } from "../../../schemas/affiliations.ts";
import { validate } from "../../../validate.ts";
import { factory } from "../../factory.ts";
import { ifMatchVersion } from "../../write-http.ts";
import { describeMemberPartWrite, respondWithMember } from "../part-writes.ts";
import { affiliationColumns } from "./columns.ts";

/** PATCH /v1/members/{id}/affiliations/{affiliation} */
export const correctAffiliationHandlers = factory.createHandlers(
  describeMemberPartWrite(
    "correctMemberAffiliation",
    "Correct a member's affiliation (editor)",
    "Changes the fields sent; a new `source` replaces the old. A corrected recipient is looked up again on the job's next run. One version of the member records the affiliation before and after. Requires `If-Match` with the member's ETag.",
  ),
  jsonBody(),
  validate("param", AffiliationParam),
  validate("json", AffiliationPatchBody),
  async (c) => {
    const { id, affiliation } = c.req.valid("param");
    const { reason = null, ...body } = c.req.valid("json");
    const values = affiliationColumns(body);
    const change = { action: "correct", id: affiliation, values } as const;
    return respondWithMember(
      c,
      { memberId: id, ifVersion: ifMatchVersion(c, true), reason },
      (db, e) => changeAffiliation(db, e, change),
      200,
    );
  },
);
