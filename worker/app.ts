import { Hono } from "hono";
import { cors } from "hono/cors";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./env.ts";
import { ApiError, notFound, onError, type ProblemKind, TITLES } from "./errors.ts";
import { database } from "./middleware/db.ts";
import { health } from "./routes/health.ts";
import { jobRoutes } from "./routes/jobs/index.ts";
import { proposalRoutes } from "./routes/proposals/index.ts";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: "X-Request-Id" }));
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
        "Server-Timing",
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
      ],
    }),
  );
  app.onError(onError);
  app.notFound(notFound);

  app.get("/", (c) =>
    c.json({
      name: "cutwatch",
      description:
        "Tracks a government spending-cut commission: its members, the cuts it claims, and how much of each claimed saving the budget records confirm.",
      links: {
        health: "/healthz",
        proposals: "/v1/proposals",
        job_runs: "/v1/jobs/runs",
      },
    }),
  );
  app.get("/problems/:kind", (c) => {
    const kind = c.req.param("kind") as ProblemKind;
    if (!(kind in TITLES)) throw new ApiError(404, "not-found", `No problem type "${kind}".`);
    return c.json({ type: `/problems/${kind}`, title: TITLES[kind] });
  });

  app.use("/healthz", database());
  app.use("/v1/*", database());
  app.route("/healthz", health);
  app.route("/v1/proposals", proposalRoutes);
  app.route("/v1/jobs", jobRoutes);
  return app;
}
