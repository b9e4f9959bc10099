import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { listChangesHandlers } from "./list.ts";

export const changeRoutes = new Hono<AppEnv>().get("/", ...listChangesHandlers);
