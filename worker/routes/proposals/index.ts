import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { createProposalHandlers } from "./create.ts";
import { getProposalHandlers } from "./get.ts";
import { proposalHistoryHandlers, proposalVersionHandlers } from "./history.ts";
import { listProposalsHandlers } from "./list.ts";
import { proposalMembersHandlers } from "./members.ts";
import { createOutcomeHandlers, retractOutcomeHandlers } from "./outcome-writes.ts";
import { proposalOutcomesHandlers } from "./outcomes.ts";
import { retractProposalHandlers } from "./retract.ts";
import { proposalSourceHandlers } from "./source.ts";
import { updateProposalHandlers } from "./update.ts";

const editor = [requireKey("editor"), writeLimit] as const;

export const proposalRoutes = new Hono<AppEnv>()
  .get("/", ...listProposalsHandlers)
  .get("/:id", ...getProposalHandlers)
  .get("/:id/history", ...proposalHistoryHandlers)
  .get("/:id/source", ...proposalSourceHandlers)
  .get("/:id/members", ...proposalMembersHandlers)
  .get("/:id/outcomes", ...proposalOutcomesHandlers)
  .get("/:id/versions/:version", ...proposalVersionHandlers)
  .post("/:id/outcomes", ...editor, ...createOutcomeHandlers)
  .delete("/:id/outcomes/:eventId", ...editor, ...retractOutcomeHandlers)
  .post("/", ...editor, ...createProposalHandlers)
  .patch("/:id", ...editor, ...updateProposalHandlers)
  .delete("/:id", ...editor, ...retractProposalHandlers);
