import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { getExportFileHandlers } from "./get.ts";
import { listExportsHandlers } from "./list.ts";

/**
 * The dataset snapshots (README "Dataset snapshots"). Mounted before the database middleware:
 * answered from the bucket alone, they never open a database connection.
 */
export const exportsRoutes = new Hono<AppEnv>()
  .get("/", ...listExportsHandlers)
  .get("/:date/:file", ...getExportFileHandlers);
