import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { docsAsset } from "./asset.ts";
import { docsPage } from "./page.ts";

/** The interactive API reference and its files, served by the Worker itself. */
export const docsRoutes = new Hono<AppEnv>()
  .get("/", ...docsPage)
  .get("/assets/:version/:file", ...docsAsset);
