import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { commissionCostsHandlers } from "./costs.ts";
import { createCommissionHandlers } from "./create.ts";
import { getCommissionHandlers } from "./get.ts";
import { listCommissionsHandlers } from "./list.ts";
import { renameCommissionHandlers } from "./rename.ts";
import { retractCommissionHandlers } from "./retract.ts";
import { updateCommissionHandlers } from "./update.ts";

const editor = [requireKey("editor"), writeLimit] as const;
const admin = [requireKey("admin"), writeLimit] as const;

export const commissionRoutes = new Hono<AppEnv>()
  .get("/", ...listCommissionsHandlers)
  .get("/:slug", ...getCommissionHandlers)
  .get("/:slug/costs", ...commissionCostsHandlers)
  .post("/", ...editor, ...createCommissionHandlers)
  .patch("/:slug", ...editor, ...updateCommissionHandlers)
  .delete("/:slug", ...editor, ...retractCommissionHandlers)
  .post("/:slug/rename", ...admin, ...renameCommissionHandlers);
