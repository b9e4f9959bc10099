import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { exportCsvHandlers } from "./csv.ts";
import { exportJsonHandlers } from "./json.ts";

export const exportRoutes = new Hono<AppEnv>()
  .get("/proposals.csv", ...exportCsvHandlers)
  .get("/proposals.json", ...exportJsonHandlers);
