/** The routes' handlers come from the app's one factory (worker/http/factory.ts). */
export { factory } from "../http/factory.ts";
