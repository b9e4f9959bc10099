import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { outcomesByAgencyHandlers } from "./by-agency.ts";
import { outcomesByCommissionHandlers } from "./by-commission.ts";

export const outcomeRoutes = new Hono<AppEnv>()
  .get("/by-commission", ...outcomesByCommissionHandlers)
  .get("/by-agency", ...outcomesByAgencyHandlers);
