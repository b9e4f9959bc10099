import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { listAwardLookupsHandlers } from "./list-award-lookups.ts";
import { listJobRunsHandlers } from "./list-runs.ts";

export const jobRoutes = new Hono<AppEnv>()
  .get("/runs", ...listJobRunsHandlers)
  .get("/award-lookups", ...listAwardLookupsHandlers);
