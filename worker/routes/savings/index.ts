import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { savingsByAgencyHandlers } from "./by-agency.ts";
import { savingsByMonthHandlers } from "./by-month.ts";
import { savingsByStateHandlers } from "./by-state.ts";
import { savingsSummaryHandlers } from "./summary.ts";

export const savingsRoutes = new Hono<AppEnv>()
  .get("/summary", ...savingsSummaryHandlers)
  .get("/by-agency", ...savingsByAgencyHandlers)
  .get("/by-month", ...savingsByMonthHandlers)
  .get("/by-state", ...savingsByStateHandlers);
