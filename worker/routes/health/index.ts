import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { healthHandlers } from "./get.ts";

export const health = new Hono<AppEnv>().get("/", ...healthHandlers);
