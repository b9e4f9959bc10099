import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { pageError, publicRead } from "./http.ts";
import { agenciesPageHandlers } from "./routes/agencies.tsx";
import { agencyPageHandlers } from "./routes/agency.tsx";
import { copyScriptHandlers, siteCssHandlers } from "./routes/assets.ts";
import { changesPageHandlers } from "./routes/changes.tsx";
import { chartImageHandlers } from "./routes/chart.tsx";
import { claimsPageHandlers } from "./routes/claims.tsx";
import { compareEmbedHandlers, comparePageHandlers } from "./routes/compare.tsx";
import { agencyEmbedHandlers } from "./routes/embed-agency.tsx";
import { statesEmbedHandlers } from "./routes/embed-states.tsx";
import { summaryEmbedHandlers } from "./routes/embed-summary.tsx";
import { memberPageHandlers } from "./routes/member.tsx";
import { membersPageHandlers } from "./routes/members.tsx";
import { proposalPageHandlers } from "./routes/proposal.tsx";
import { statePageHandlers } from "./routes/state.tsx";
import { statesPageHandlers } from "./routes/states.tsx";

export { dashboard } from "./routes/dashboard.tsx";

/**
 * The human side of the API, mounted at `/`: server-rendered pages, embeddable widgets and SVG
 * charts, one file per page under routes/, the views beside this file, their shared HTTP helpers
 * in http.ts. Everything is cacheable and carries an ETag (app middleware).
 */
export const pageRoutes = new Hono<AppEnv>()
  .get("/assets/site.css", ...siteCssHandlers)
  .get("/assets/copy.js", ...copyScriptHandlers)
  // Hono's "/x/*" matches "/x" itself too: one pattern per section, so a page is counted once
  // against the read quota (and opens one database connection).
  .use("/proposals/*", ...publicRead())
  .use("/changes", ...publicRead())
  .use("/members/*", ...publicRead())
  .use("/agencies/*", ...publicRead())
  .use("/states/*", ...publicRead())
  .use("/embed/*", ...publicRead())
  .use("/commissions/*", ...publicRead())
  .get("/proposals", ...claimsPageHandlers)
  .get("/proposals/:id", ...proposalPageHandlers)
  .get("/changes", ...changesPageHandlers)
  .get("/members", ...membersPageHandlers)
  .get("/members/:id", ...memberPageHandlers)
  .get("/agencies", ...agenciesPageHandlers)
  .get("/agencies/:code", ...agencyPageHandlers)
  .get("/states", ...statesPageHandlers)
  .get("/states/:code", ...statePageHandlers)
  .get("/commissions/compare", ...comparePageHandlers)
  .get("/embed/summary", ...summaryEmbedHandlers)
  .get("/embed/commissions", ...compareEmbedHandlers)
  .get("/embed/states", ...statesEmbedHandlers)
  .get("/embed/agency/:code", ...agencyEmbedHandlers)
  .get("/embed/chart.svg", ...chartImageHandlers);

pageRoutes.onError(pageError);
