import * as v from "valibot";
import { membersNearClaim, NEAR_DAYS } from "../../domain/members.ts";
import { findProposal } from "../../domain/proposals.ts";
import { ApiError } from "../../errors.ts";
import { describeOne } from "../../openapi.ts";
import { IsoDate } from "../../schemas/common.ts";
import { PostingSchema } from "../../schemas/members.ts";
import { ProposalIdParam } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

const MembersNearClaimSchema = v.object({
  agency_code: v.nullable(v.string()),
  claim_date: v.nullable(IsoDate),
  window_days: v.pipe(v.number(), v.description("Days either side of the claim date.")),
  from: v.nullable(IsoDate),
  to: v.nullable(IsoDate),
  members: v.array(v.object({ member_id: v.number(), name: v.string(), posting: PostingSchema })),
  undated_members: v.pipe(
    v.number(),
    v.description(
      "Members posted at the agency whose dates were never reported: placed near no date.",
    ),
  ),
  reason: v.pipe(
    v.nullable(v.string()),
    v.description("Why no member can be placed (no matched agency, no claim date); else null."),
  ),
  note: v.string(),
});

export const proposalMembersHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "proposalMembers",
      tag: "Proposals",
      summary: "Members reported at a claim's agency around its date",
      description: `The commission's members reported posted at the claim's agency (its sub-agencies counting under it) within ${NEAR_DAYS} days either side of the claim date: postings whose span, as precisely as the reports give it (a month-only date covers its whole month), touches that window. Association, not attribution.`,
    },
    MembersNearClaimSchema,
  ),
  validate("param", ProposalIdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    const db = c.get("db");
    const row = await findProposal(db, id);
    if (!row) throw new ApiError("not-found", `No proposal with id ${id}.`);
    return c.json({ data: await membersNearClaim(db, row) });
  },
);
