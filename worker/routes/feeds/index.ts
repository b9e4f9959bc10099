import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { changesAtomHandlers } from "./atom.ts";
import { changesJsonFeedHandlers } from "./json.ts";

/** /feeds/changes.atom and /feeds/changes.json: the latest 50 changes, for feed readers. */
export const feedRoutes = new Hono<AppEnv>()
  .get("/changes.atom", ...changesAtomHandlers)
  .get("/changes.json", ...changesJsonFeedHandlers);
