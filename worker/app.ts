import { Hono } from "hono";
import { cors } from "hono/cors";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { secureHeaders } from "hono/secure-headers";
import { describeRoute, openAPIRouteHandler, resolver } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "./env.ts";
import { ApiError, errorsAsErrors, notFound, onError, type ProblemKind, TITLES } from "./errors.ts";
import { keyedPrivate, purgeOnWrite, readCache } from "./middleware/cache.ts";
import { database } from "./middleware/db.ts";
import { healthLimit, readLimit } from "./middleware/limits.ts";
import { requestIds } from "./middleware/request-id.ts";
import { fanOutAfterWrite } from "./middleware/webhooks.ts";
import { DOCUMENT_INFO, errorResponses, jsonResponse, PUBLIC_BY_DEFAULT } from "./openapi.ts";
import { CommissionQuery, pageError, publicRead, wantsHtml } from "./pages/http.ts";
import { dashboard, pageRoutes } from "./pages/index.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { agencyRoutes } from "./routes/agencies/index.ts";
import { outsideAssessmentRoutes } from "./routes/assessments/index.ts";
import { benchRoutes } from "./routes/bench/index.ts";
import { caseRoutes } from "./routes/cases/index.ts";
import { changeRoutes } from "./routes/changes/index.ts";
import { commissionRoutes } from "./routes/commissions/index.ts";
import { docsRoutes } from "./routes/docs/index.ts";
import { exportRoutes, exportsRoutes } from "./routes/exports/index.ts";
import { feedRoutes } from "./routes/feeds/index.ts";
import { health } from "./routes/health/index.ts";
import { jobRoutes } from "./routes/jobs/index.ts";
import { memberRoutes } from "./routes/members/index.ts";
import { methodologyRoutes } from "./routes/methodology/index.ts";
import { outcomeRoutes } from "./routes/outcomes/index.ts";
import { proposalRoutes } from "./routes/proposals/index.ts";
import { savingsRoutes } from "./routes/savings/index.ts";
import { subscriptionRoutes } from "./routes/subscriptions/index.ts";
import { validate } from "./validate.ts";

const INDEX = {
  name: "cutwatch",
  description:
    "Tracks a government spending-cut commission: its members, the cuts it claims, and how much of each claimed saving the budget records confirm.",
  links: {
    docs: "/docs",
    openapi: "/openapi.json",
    health: "/healthz",
    commissions: "/v1/commissions",
    members: "/v1/members",
    agencies: "/v1/agencies",
    proposals: "/v1/proposals",
    assessments_by_others: "/v1/assessments",
    job_runs: "/v1/jobs/runs",
    methodology: "/v1/methodology",
    changes: "/v1/changes",
    export_csv: "/v1/export/proposals.csv",
    export_json: "/v1/export/proposals.json",
    exports: "/v1/exports",
    changes_atom: "/feeds/changes.atom",
    changes_json_feed: "/feeds/changes.json",
    savings_summary: "/v1/savings/summary",
    savings_by_agency: "/v1/savings/by-agency",
    savings_by_month: "/v1/savings/by-month",
  },
};

const IndexSchema = v.object({
  name: v.string(),
  description: v.string(),
  links: v.record(v.string(), v.string()),
});

/** `bench`: mount the benchmark baselines (worker/index.ts does when BENCH_ROUTES=1). */
export function createApp(opts: { bench?: boolean } = {}) {
  const app = new Hono<AppEnv>();
  app.use(errorsAsErrors());
  app.use(requestIds);
  app.use(keyedPrivate);
  // A public data API: embeddable and readable cross-origin, so the defaults that isolate a
  // site (CORP same-origin, frame denial) are relaxed on purpose.
  app.use(
    secureHeaders({
      crossOriginResourcePolicy: "cross-origin",
      crossOriginEmbedderPolicy: false,
      xFrameOptions: false,
    }),
  );
  app.use(
    cors({
      origin: "*",
      allowMethods: ["GET", "HEAD", "OPTIONS"],
      exposeHeaders: [
        "ETag",
        "Link",
        "RateLimit",
        "RateLimit-Policy",
        "Retry-After",
        "X-Request-Id",
        "X-Client-Request-Id",
        "Server-Timing",
        // A snapshot served under `latest` or the full export names its dated URL and time.
        "Content-Location",
        "X-Snapshot-At",
      ],
    }),
  );
  // Every GET gets an ETag (a hash of the body, unless the handler set one) and a matching
  // If-None-Match gets a 304; the 304 keeps the CORS and request-id headers a browser needs.
  app.use(
    etag({
      retainedHeaders: [
        ...RETAINED_304_HEADERS,
        "access-control-allow-origin",
        "access-control-expose-headers",
        "x-request-id",
        // What the 304 cost (no query when the read cache answered it).
        "server-timing",
      ],
    }),
  );
  app.onError(onError);
  app.notFound(notFound);

  // The dashboard reads the database (through the read cache); the JSON index never touches
  // the pool it is given.
  app.use("/", ...publicRead());
  app.get(
    "/",
    describeRoute({
      operationId: "index",
      tags: ["Operations"],
      summary: "Index of the API (the dashboard page for browsers)",
      description:
        "JSON links to everything; a client that asks for `text/html` gets the dashboard page of claimed against verified savings instead.",
      responses: {
        200: {
          description: "Links to the docs, the lists and the methodology.",
          content: {
            "application/json": { schema: resolver(IndexSchema) },
            "text/html": { schema: { type: "string" } },
          },
        },
        ...errorResponses(400, 404, 503),
      },
    }),
    validate("query", CommissionQuery),
    async (c) => {
      c.header("Vary", "Accept");
      if (wantsHtml(c)) {
        // The dashboard's errors read as a page, like those of the other pages.
        return dashboard(c, c.req.valid("query").commission).catch((err) => pageError(err, c));
      }
      c.header("Cache-Control", "public, max-age=3600");
      return c.json(INDEX);
    },
  );
  app.get(
    "/problems/:kind",
    describeRoute({
      operationId: "problemType",
      tags: ["Operations"],
      summary: "What a problem type means",
      responses: {
        200: jsonResponse(
          "The problem type's title.",
          v.object({ type: v.string(), title: v.string() }),
        ),
        ...errorResponses(404),
      },
    }),
    (c) => {
      const kind = c.req.param("kind") as ProblemKind;
      if (!Object.hasOwn(TITLES, kind))
        throw new ApiError("not-found", `No problem type "${kind}".`);
      c.header("Cache-Control", "public, max-age=86400");
      return c.json({ type: `/problems/${kind}`, title: TITLES[kind] });
    },
  );

  // Its own quota, counted before the database is asked (middleware/limits.ts).
  app.use("/healthz", healthLimit);
  app.use("/healthz", database());
  app.on(["GET", "HEAD"], "/v1/*", readLimit);
  // Before the database middleware: a hit never even builds a database client.
  app.on(["GET", "HEAD"], "/v1/*", readCache);
  app.on(["POST", "PUT", "PATCH", "DELETE"], "/v1/*", purgeOnWrite);
  // The dataset snapshots are answered from object storage: mounted before the database.
  app.route("/v1/exports", exportsRoutes);
  app.use("/v1/*", database());
  app.on(["POST", "PUT", "PATCH", "DELETE"], "/v1/*", fanOutAfterWrite);
  app.route("/healthz", health);
  app.route("/v1/commissions", commissionRoutes);
  app.route("/v1/members", memberRoutes);
  app.route("/v1/agencies", agencyRoutes);
  app.route("/v1/proposals", proposalRoutes);
  app.route("/v1/assessments", outsideAssessmentRoutes);
  app.route("/v1/jobs", jobRoutes);
  app.route("/v1/admin", adminRoutes);
  app.route("/v1/methodology", methodologyRoutes);
  app.route("/v1/savings", savingsRoutes);
  app.route("/v1/outcomes", outcomeRoutes);
  app.route("/v1/cases", caseRoutes);
  app.route("/v1/changes", changeRoutes);
  app.route("/v1/subscriptions", subscriptionRoutes);
  app.route("/v1/export", exportRoutes);
  // Benchmark baselines, only with BENCH_ROUTES=1 (see worker/routes/bench/).
  if (opts.bench) app.route("/__bench", benchRoutes);
  app.on(["GET", "HEAD"], "/feeds/*", readLimit);
  app.on(["GET", "HEAD"], "/feeds/*", readCache);
  app.use("/feeds/*", database());
  app.route("/feeds", feedRoutes);
  app.route("/", pageRoutes);

  // The document is generated from the routes' own validators and schemas, once per isolate.
  const document = openAPIRouteHandler(app, {
    documentation: DOCUMENT_INFO,
    defaultOptions: PUBLIC_BY_DEFAULT,
    defaultValidationErrorResponse: false,
    // The feeds end in .atom and .json: document them rather than skip them as static files.
    excludeStaticFile: false,
    // The pages' stylesheet and script are files of the site, like the docs page's: not the API.
    exclude: ["/openapi.json", /^\/docs(\/|$)/, /^\/__bench\//, /^\/assets\//],
  });
  app.get("/openapi.json", async (c, next) => {
    c.header("Cache-Control", "public, max-age=3600");
    return document(c, next);
  });
  app.route("/docs", docsRoutes);
  return app;
}
