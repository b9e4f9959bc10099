import { type Context, type ErrorHandler, Hono } from "hono";
import { accepts } from "hono/accepts";
import { createMiddleware } from "hono/factory";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import { summaryByAgency, summaryByMonth } from "../../db/queries/savings.ts";
import { proposalKind } from "../../db/schema/enums.ts";
import { type AppEnv, readConfig } from "../env.ts";
import { ApiError, onError } from "../errors.ts";
import { readCache } from "../middleware/cache.ts";
import { database } from "../middleware/db.ts";
import { readLimit } from "../middleware/limits.ts";
import { describeDocument } from "../openapi.ts";
import { IdParam, Slug } from "../routes/schemas.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { validate } from "../validate.ts";
import { AgenciesPage, AgencyPage, loadAgencies, loadAgency } from "./agency.tsx";
import { COPY_JS, SITE_CSS } from "./assets.ts";
import { ChangesPage, ChangesPageQuery, loadChanges } from "./changes.tsx";
import { agencyChartRows, monthChartRows } from "./chart-rows.ts";
import { SavingsChart } from "./charts.tsx";
import { ClaimsPage, ClaimsQuery, loadClaims } from "./claims.tsx";
import { DashboardPage, loadDashboard } from "./dashboard.tsx";
import { loadAgencyEmbed, loadSummaryEmbed, TotalsEmbed } from "./embeds.tsx";
import { Page } from "./layout.tsx";
import { loadMember, loadMembers, MemberPage, MembersPage } from "./members.tsx";
import { loadProposal, ProposalPage } from "./proposal.tsx";

/**
 * The human side of the API: server-rendered pages, embeddable widgets and SVG charts. The
 * pages may only be framed by this site; the embeds by any site (`frame-ancestors *`), which is
 * their purpose. Everything is cacheable for a minute and carries an ETag (app middleware).
 */

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; base-uri 'none'; form-action 'self'";
const PAGE_HEADERS = {
  "Cache-Control": "public, max-age=60",
  "Content-Security-Policy": `${CSP}; frame-ancestors 'self'`,
  "X-Frame-Options": "SAMEORIGIN",
  Vary: "Accept",
};
const EMBED_HEADERS = {
  "Cache-Control": "public, max-age=300",
  "Content-Security-Policy": `${CSP}; frame-ancestors *`,
};
// An SVG document may be opened on its own: it gets no script and only its inline styling.
const SVG_HEADERS = {
  "Content-Type": "image/svg+xml; charset=utf-8",
  "Cache-Control": "public, max-age=300",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *",
};

const AgencyCode = v.pipe(
  v.string(),
  v.regex(/^\d{3,4}$/, "must be an agency code like 012 or 1601"),
);
const CodeParam = v.object({ code: AgencyCode });
export const CommissionQuery = v.object({ commission: v.optional(Slug) });

const ChartQuery = v.strictObject({
  commission: v.optional(Slug),
  agency: v.optional(AgencyCode),
  kind: v.optional(v.picklist(proposalKind.enumValues)),
  by: v.optional(v.picklist(["agency", "month"])),
  top: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(25),
    ),
    "10",
  ),
  width: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number of pixels"),
      v.transform(Number),
      v.minValue(320),
      v.maxValue(1600),
    ),
    "760",
  ),
});

export const wantsHtml = (c: Context<AppEnv>) =>
  accepts(c, {
    header: "Accept",
    supports: ["application/json", "text/html"],
    default: "application/json",
  }) === "text/html";

/**
 * A search form sends every field, the empty ones too (`q=&agency=`), which the API's
 * parameters refuse: send the browser to the same search without them, a clean URL to share.
 */
const dropEmptyParams = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const empty = [...url.searchParams].filter(([, value]) => value === "").map(([name]) => name);
  if (empty.length === 0) return next();
  for (const name of empty) url.searchParams.delete(name);
  return c.redirect(`${url.pathname}${url.search}`, 302);
});

/**
 * What a page read passes through, like the API's reads: the per-client limit, then the read
 * cache (a hit builds no database client), then the database.
 */
export const publicRead = () => [readLimit, readCache, database()] as const;

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

function notFoundPage(what: string): never {
  throw new ApiError("not-found", what);
}

/**
 * Errors on the pages: the same problem as the API answers, shown as a page to a browser (with
 * the same status and headers, e.g. Retry-After) and as problem+json to everyone else.
 */
export const pageError: ErrorHandler<AppEnv> = async (err, c) => {
  const res = await onError(err, c);
  if (!wantsHtml(c)) return res;
  const problem = (await res.clone().json()) as { title: string; detail: string };
  const headers: Record<string, string> = {};
  for (const name of ["Retry-After", "Cache-Control"]) {
    const value = res.headers.get(name);
    if (value) headers[name] = value;
  }
  return c.html(
    <Page title={problem.title} description={problem.detail}>
      <h1>{problem.title}</h1>
      <p>{problem.detail}</p>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </Page>,
    res.status as ContentfulStatusCode,
    headers,
  );
};

/** `/`: the dashboard for browsers; the JSON index (its own handler) for everyone else. */
export async function dashboard(c: Context<AppEnv>, commission: string | undefined) {
  const slug = commission ?? readConfig(c.env).DOGE_COMMISSION;
  const data = await loadDashboard(c.get("db"), slug);
  if (!data) notFoundPage(`No commission "${slug}".`);
  return c.html(<DashboardPage data={data} origin={origin(c)} />, 200, PAGE_HEADERS);
}

export const pageRoutes = new Hono<AppEnv>()
  .get(
    "/assets/site.css",
    describeDocument(
      {
        operationId: "siteCss",
        tag: "Pages",
        summary: "The pages' stylesheet",
        description: "Plain CSS, no external fonts.",
      },
      "text/css",
      [],
    ),
    (c) =>
      c.body(SITE_CSS, 200, {
        "Content-Type": "text/css; charset=utf-8",
        "Cache-Control": "public, max-age=86400",
      }),
  )
  .get(
    "/assets/copy.js",
    describeDocument(
      {
        operationId: "copyScript",
        tag: "Pages",
        summary: "The pages' one script",
        description: "Copy buttons beside embed snippets; the pages work without it.",
      },
      "text/javascript",
      [],
    ),
    (c) =>
      c.body(COPY_JS, 200, {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "public, max-age=86400",
      }),
  )
  // Hono's "/x/*" matches "/x" itself too: one pattern per section, so a page is counted once
  // against the read quota (and opens one database connection).
  .use("/proposals/*", ...publicRead())
  .use("/changes", ...publicRead())
  .use("/members/*", ...publicRead())
  .use("/agencies/*", ...publicRead())
  .use("/embed/*", ...publicRead())
  .get(
    "/proposals",
    describeDocument(
      {
        operationId: "claimsPage",
        tag: "Pages",
        summary: "Search the claims",
        description:
          "Every claim, searchable and filterable with the query parameters of GET /v1/proposals (default order: largest claimed saving first), 50 to a page, with links to the same rows as JSON and CSV. Empty parameters, as a search form sends them, redirect (302) to the same search without them.",
      },
      "text/html",
      [400, 503],
    ),
    dropEmptyParams,
    validate("query", ClaimsQuery),
    async (c) => {
      const query = c.req.valid("query");
      const data = await loadClaims(c.get("db"), query);
      const search = new URL(c.req.url).search;
      return c.html(<ClaimsPage data={data} query={query} search={search} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/proposals/:id",
    describeDocument(
      {
        operationId: "proposalPage",
        tag: "Pages",
        summary: "A claim's page",
        description:
          "The claim, its award evidence, its assessment and its version history as a readable diff.",
      },
      "text/html",
      [400, 404, 503],
    ),
    validate("param", IdParam("proposal")),
    async (c) => {
      const { id } = c.req.valid("param");
      const data = await loadProposal(c.get("db"), id);
      if (!data) notFoundPage(`No proposal with id ${id}.`);
      return c.html(<ProposalPage data={data} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/changes",
    describeDocument(
      {
        operationId: "changesPage",
        tag: "Pages",
        summary: "The change log",
        description:
          "Every version of every claim, newest first, 50 to a page: the query parameters of GET /v1/changes (commission, agency, limit, cursor), with links to its feeds.",
      },
      "text/html",
      [400, 503],
    ),
    validate("query", ChangesPageQuery),
    async (c) => {
      const query = c.req.valid("query");
      const data = await loadChanges(c.get("db"), query);
      return c.html(<ChangesPage data={data} query={query} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/members",
    describeDocument(
      {
        operationId: "membersPage",
        tag: "Pages",
        summary: "The members page",
        description: "Who leads or led each commission, with sources.",
      },
      "text/html",
      [400, 503],
    ),
    validate("query", CommissionQuery),
    async (c) => {
      const { commission } = c.req.valid("query");
      const members = await loadMembers(c.get("db"), commission);
      return c.html(<MembersPage members={members} commission={commission} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/members/:id",
    describeDocument(
      {
        operationId: "memberPage",
        tag: "Pages",
        summary: "A member's page",
        description: "A member's facts, sources and history.",
      },
      "text/html",
      [400, 404, 503],
    ),
    validate("param", IdParam("member")),
    async (c) => {
      const { id } = c.req.valid("param");
      const data = await loadMember(c.get("db"), id);
      if (!data) notFoundPage(`No member with id ${id}.`);
      return c.html(<MemberPage data={data} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/agencies",
    describeDocument(
      {
        operationId: "agenciesPage",
        tag: "Pages",
        summary: "The agencies page",
        description: "Claimed against verified for every agency with live claims.",
      },
      "text/html",
      [400, 503],
    ),
    validate("query", CommissionQuery),
    async (c) => {
      const { commission } = c.req.valid("query");
      const rows = await loadAgencies(c.get("db"), commission);
      return c.html(<AgenciesPage rows={rows} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/agencies/:code",
    describeDocument(
      {
        operationId: "agencyPage",
        tag: "Pages",
        summary: "An agency's page",
        description:
          "Claimed against verified at one agency: totals, a chart by month, its largest claims.",
      },
      "text/html",
      [400, 404, 503],
    ),
    validate("param", CodeParam),
    async (c) => {
      const { code } = c.req.valid("param");
      const data = await loadAgency(c.get("db"), code);
      if (!data) notFoundPage(`No agency with code ${code}.`);
      return c.html(<AgencyPage data={data} origin={origin(c)} />, 200, PAGE_HEADERS);
    },
  )
  .get(
    "/embed/summary",
    describeDocument(
      {
        operationId: "summaryEmbed",
        tag: "Embeds",
        summary: "A commission's totals as a widget",
        description: "Small HTML to put in an iframe on any site (frame-ancestors *).",
      },
      "text/html",
      [400, 404, 503],
    ),
    validate("query", CommissionQuery),
    async (c) => {
      const slug = c.req.valid("query").commission ?? readConfig(c.env).DOGE_COMMISSION;
      const data = await loadSummaryEmbed(c.get("db"), slug);
      if (!data) notFoundPage(`No commission "${slug}".`);
      return c.html(<TotalsEmbed data={data} origin={origin(c)} />, 200, EMBED_HEADERS);
    },
  )
  .get(
    "/embed/agency/:code",
    describeDocument(
      {
        operationId: "agencyEmbed",
        tag: "Embeds",
        summary: "An agency's totals as a widget",
        description: "Small HTML to put in an iframe on any site (frame-ancestors *).",
      },
      "text/html",
      [400, 404, 503],
    ),
    validate("param", CodeParam),
    async (c) => {
      const { code } = c.req.valid("param");
      const data = await loadAgencyEmbed(c.get("db"), code);
      if (!data) notFoundPage(`No agency with code ${code}.`);
      return c.html(<TotalsEmbed data={data} origin={origin(c)} />, 200, EMBED_HEADERS);
    },
  )
  .get(
    "/embed/chart.svg",
    describeDocument(
      {
        operationId: "chartImage",
        tag: "Embeds",
        summary: "Claimed against verified as an SVG image",
        description:
          "By agency (the largest `top`) or by month of claim; filter by commission, agency and kind.",
      },
      "image/svg+xml",
      [400, 503],
    ),
    validate("query", ChartQuery),
    async (c) => {
      const q = c.req.valid("query");
      const filters = { commission: q.commission, agency: q.agency, kind: q.kind };
      const by = q.by ?? (q.agency ? "month" : "agency");
      const db = c.get("db");
      const rows =
        by === "agency"
          ? agencyChartRows(await summaryByAgency(db, METHODOLOGY_VERSION, filters), q.top)
          : monthChartRows(await summaryByMonth(db, METHODOLOGY_VERSION, filters));
      const scope = [q.commission, q.agency && `agency ${q.agency}`, q.kind].filter(Boolean);
      const title = `Claimed against verified savings by ${by}${scope.length ? ` (${scope.join(", ")})` : ""}`;
      const svg = await (
        <SavingsChart id="chart" title={title} rows={rows} width={q.width} standalone />
      ).toString();
      return c.body(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, 200, SVG_HEADERS);
    },
  );

pageRoutes.onError(pageError);
