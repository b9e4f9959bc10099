import { createFactory } from "hono/factory";
import type { AppEnv } from "../env.ts";

/** Every route's handlers come from here, so they share the app's bindings and variables. */
export const factory = createFactory<AppEnv>();
