import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { listCasesHandlers } from "./list.ts";

export const caseRoutes = new Hono<AppEnv>().get("/", ...listCasesHandlers);
