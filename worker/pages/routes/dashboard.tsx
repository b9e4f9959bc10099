import type { Context } from "hono";
import { loadDashboard } from "../../domain/dashboard.ts";
import { type AppEnv, readConfig } from "../../env.ts";
import { DashboardPage } from "../dashboard.tsx";
import { notFoundPage, origin, PAGE_HEADERS } from "../http.ts";

/**
 * `/` for browsers: the dashboard. The app shell owns `/` (the JSON index for everyone else)
 * and calls this when the client asks for HTML.
 */
export async function dashboard(c: Context<AppEnv>, commission: string | undefined) {
  const slug = commission ?? readConfig(c.env).DOGE_COMMISSION;
  const data = await loadDashboard(c.get("db"), slug);
  if (!data) notFoundPage(`No commission "${slug}".`);
  return c.html(<DashboardPage data={data} origin={origin(c)} />, 200, PAGE_HEADERS);
}
