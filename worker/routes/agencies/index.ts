import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { addAgencyAliasHandlers } from "./add-alias.ts";
import { getAgencyHandlers } from "./get.ts";
import { listAgenciesHandlers } from "./list.ts";
import { unmatchedAgencyNamesHandlers } from "./unmatched.ts";

const editor = [requireKey("editor"), writeLimit] as const;

export const agencyRoutes = new Hono<AppEnv>()
  .get("/unmatched", ...unmatchedAgencyNamesHandlers)
  .post("/:code/aliases", ...editor, ...addAgencyAliasHandlers)
  .get("/", ...listAgenciesHandlers)
  .get("/:code", ...getAgencyHandlers);
