import type { NewAffiliation } from "../../../../db/queries/affiliations.ts";
import { changeAffiliation } from "../../../domain/member-writes.ts";
import { jsonBody } from "../../../middleware/json-body.ts";
import { AffiliationCreateBody } from "../../../schemas/affiliations.ts";
import { IdParam } from "../../../schemas/common.ts";
import { validate } from "../../../validate.ts";
import { factory } from "../../factory.ts";
import { ifMatchVersion } from "../../write-http.ts";
import { describeMemberPartWrite, respondWithMember } from "../part-writes.ts";
import { affiliationColumns } from "./columns.ts";

/** POST /v1/members/{id}/affiliations */
export const createAffiliationHandlers = factory.createHandlers(
  describeMemberPartWrite(
    "addMemberAffiliation",
    "Add an affiliation to a member (editor)",
    "An organisation the member is reported tied to (`employer`, `owner`, `leader`), only as the cited report (`source`, http(s), required) says it: no ages, no contact data, no labels. Naming the federal award recipient it is (`recipient_uei` and/or `recipient_name`) makes the job list that recipient's awards. One version of the member records it. Requires `If-Match` with the member's ETag.",
    201,
  ),
  jsonBody(),
  validate("param", IdParam("member")),
  validate("json", AffiliationCreateBody),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason = null, ...body } = c.req.valid("json");
    const values = affiliationColumns(body) as NewAffiliation;
    const change = { action: "add", values } as const;
    return respondWithMember(
      c,
      { memberId: id, ifVersion: ifMatchVersion(c, true), reason },
      (db, e) => changeAffiliation(db, e, change),
      201,
    );
  },
);
