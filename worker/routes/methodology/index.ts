import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { methodologyHandlers } from "./get.ts";

export const methodologyRoutes = new Hono<AppEnv>().get("/", ...methodologyHandlers);
