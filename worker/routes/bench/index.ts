import { Hono } from "hono";
import { type AppEnv, readConfig } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { listHttpHandlers, listSqlHandlers } from "./list-sql.ts";
import { noopHandlers } from "./noop.ts";

/**
 * Baselines for `npm run bench`, mounted only with `BENCH_ROUTES=1` (and refusing to answer
 * without it, should they be mounted anyway); never set it in production:
 * `GET /__bench/noop` (B1), `GET /__bench/list-sql` (B2) and `GET /__bench/list-http` (B4).
 */
export const benchRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (readConfig(c.env).BENCH_ROUTES !== "1") {
      throw new ApiError("not-found", `No route ${c.req.path}.`);
    }
    await next();
  })
  .get("/noop", ...noopHandlers)
  .get("/list-sql", ...listSqlHandlers)
  .get("/list-http", ...listHttpHandlers);
