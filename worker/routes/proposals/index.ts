import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { getProposalHandlers } from "./get.ts";
import { listProposalsHandlers } from "./list.ts";

export const proposalRoutes = new Hono<AppEnv>()
  .get("/", ...listProposalsHandlers)
  .get("/:id", ...getProposalHandlers);
