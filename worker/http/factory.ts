import { createFactory } from "hono/factory";
import type { AppEnv } from "../env.ts";

/**
 * The one handler factory: every route's and page's handlers come from here, so they share the
 * app's bindings and variables (routes/factory.ts and pages/http.ts hand it on to their files).
 */
export const factory = createFactory<AppEnv>();
