import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { exportCsvHandlers } from "./full-csv.ts";
import { exportJsonHandlers } from "./full-json.ts";
import { getExportFileHandlers } from "./get.ts";
import { listExportsHandlers } from "./list.ts";

/**
 * The dataset snapshots (README "Dataset snapshots"). Mounted before the database middleware:
 * answered from the bucket alone, they never open a database connection.
 */
export const exportsRoutes = new Hono<AppEnv>()
  .get("/", ...listExportsHandlers)
  .get("/:date/:file", ...getExportFileHandlers);

/**
 * The whole dataset at a stable URL (`/v1/export/proposals.csv|json`): the newest snapshot's
 * file, or streamed from the database before the first snapshot exists (full.ts).
 */
export const exportRoutes = new Hono<AppEnv>()
  .get("/proposals.csv", ...exportCsvHandlers)
  .get("/proposals.json", ...exportJsonHandlers);
