import * as v from "valibot";
import { findProposalSource, type ProposalSource } from "../../domain/proposals.ts";
import { ApiError } from "../../errors.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { type Agree, ProposalIdParam } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

const ProposalSourceSchema = v.object({
  proposal_id: v.number(),
  source: v.pipe(v.string(), v.description("Where the claim comes from, e.g. `doge`.")),
  values: v.pipe(
    v.record(v.string(), v.unknown()),
    v.description(
      "The source's values of the fields a sync reads, by the API's field names, as the last sync found them.",
    ),
  ),
  extra: v.pipe(
    v.nullable(v.record(v.string(), v.string())),
    v.description(
      "Columns of an archived list that map to no field (e.g. the linked FPDS record's `entity_congressional_district` in the 2025-04-04 contract archive), as the file had them, non-blank cells only; null when the source's record had none.",
    ),
  ),
  corrected: v.pipe(
    v.array(v.string()),
    v.description(
      "Fields an editor corrected: the claim's live value differs from the source's, and a sync keeps it so.",
    ),
  ),
  updated_at: v.pipe(v.string(), v.description("When the source's values last changed.")),
});

// The domain's view of a claim's source is what this schema documents (see schema.ts).
true satisfies Agree<ProposalSource, v.InferOutput<typeof ProposalSourceSchema>>;
true satisfies Agree<v.InferOutput<typeof ProposalSourceSchema>, ProposalSource>;

export const proposalSourceHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "proposalSource",
      tag: "Proposals",
      summary: "What the source says about a claim",
      description:
        "The source's values of a source-backed claim as the last sync read them, and the fields an editor corrected (where the claim differs from its source). A sync never overwrites a correction; a field set back to the source's value follows the source again. 404 for a claim entered by hand.",
    },
    ProposalSourceSchema,
  ),
  validate("param", ProposalIdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    const found = await findProposalSource(c.get("db"), id);
    if (!found) throw new ApiError("not-found", `No proposal with id ${id}.`);
    return sendRecord(
      c,
      found.record,
      (source) => source,
      found.enteredByHand
        ? `Proposal ${id} was entered by hand: it has no source values.`
        : `Proposal ${id} has no source values yet: the next sync of its source records them.`,
    );
  },
);
