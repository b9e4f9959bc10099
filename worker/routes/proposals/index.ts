import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { getProposalHandlers } from "./get.ts";
import { proposalHistoryHandlers, proposalVersionHandlers } from "./history.ts";
import { listProposalsHandlers } from "./list.ts";
import {
  createProposalHandlers,
  retractProposalHandlers,
  updateProposalHandlers,
} from "./write.ts";

const editor = [requireKey("editor"), writeLimit] as const;

export const proposalRoutes = new Hono<AppEnv>()
  .get("/", ...listProposalsHandlers)
  .get("/:id", ...getProposalHandlers)
  .get("/:id/history", ...proposalHistoryHandlers)
  .get("/:id/versions/:version", ...proposalVersionHandlers)
  .post("/", ...editor, ...createProposalHandlers)
  .patch("/:id", ...editor, ...updateProposalHandlers)
  .delete("/:id", ...editor, ...retractProposalHandlers);
