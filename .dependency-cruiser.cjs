// The house plan's import rule (ARCHITECTURE.md): routes, pages and jobs → domain →
// db/queries → db/schema; lib/ and savings/ are pure; nothing imports upward, nor sideways
// between routes, pages and jobs. `npm run lint` runs this; a violation fails CI.
const higherThanDomain = "^worker/(app|index|openapi|routes|pages|jobs|middleware|schemas|http)/?";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle makes load order matter and hides which module owns what.",
      severity: "error",
      from: { path: "^(worker|db)/" },
      // Type-only imports too: a cycle of types still ties the modules' meaning together.
      to: { circular: true },
    },
    {
      name: "db-imports-no-app",
      comment:
        "db/ is the lowest layer: it knows nothing of the Worker, the dev stack or tests, save the pure lib/ and savings/ helpers every layer may use.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(worker|dev|test|bench)/", pathNot: "^worker/(lib|savings)/" },
    },
    {
      name: "schema-imports-no-queries",
      severity: "error",
      from: { path: "^db/schema/" },
      to: { path: "^db/queries/" },
    },
    {
      name: "domain-imports-down-only",
      comment:
        "The domain layer is shared by routes, pages, exports and the job: it imports none of them.",
      severity: "error",
      from: { path: "^worker/domain/" },
      to: { path: higherThanDomain },
    },
    {
      name: "pure-modules-stay-pure",
      comment: "lib/ and savings/ are pure helpers any layer may import: no I/O layers, no HTTP.",
      severity: "error",
      from: { path: "^worker/(lib|savings)/" },
      to: { path: ["^db/", "^worker/domain/", higherThanDomain] },
    },
    {
      name: "schemas-below-routes-and-pages",
      comment:
        "worker/schemas/ is the API's vocabulary (valibot schemas of parameters, bodies and records) shared by routes and pages: it imports neither, nor HTTP middleware; the job's step names (jobs/crons.ts) are the one thing it reads from the job.",
      severity: "error",
      from: { path: "^worker/schemas/" },
      to: {
        path: "^worker/(app|index|routes|pages|middleware|jobs)/?",
        pathNot: "^worker/jobs/crons\\.ts$",
      },
    },
    {
      name: "routes-and-pages-read-through-the-domain",
      comment:
        "Routes and pages call the domain (read models and write services), never db/queries for values (types are fine). health and bench measure the database itself, so they are the named exceptions.",
      severity: "error",
      from: {
        path: "^worker/(routes|pages)/",
        pathNot: "^worker/routes/(health|bench)/",
      },
      to: { path: "^db/queries/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "routes-not-sideways",
      severity: "error",
      comment:
        "The one exception: the admin endpoint that runs the job now calls the job's entry point (worker/jobs/index.ts, crons.ts); the job never imports routes back.",
      from: { path: "^worker/routes/" },
      to: { path: "^worker/(pages|jobs)/", pathNot: "^worker/jobs/(index|crons)\\.ts$" },
    },
    {
      name: "pages-not-sideways",
      severity: "error",
      from: { path: "^worker/pages/" },
      to: { path: "^worker/(routes|jobs)/" },
    },
    {
      name: "jobs-not-sideways",
      comment:
        "The job is no HTTP handler: it shares domain and lib modules, not routes, pages or middleware.",
      severity: "error",
      from: { path: "^worker/jobs/" },
      to: { path: "^worker/(routes|pages|middleware)/" },
    },
    {
      name: "http-below-routes-and-pages",
      comment:
        "worker/http/ holds the response helpers routes and pages share: it imports neither.",
      severity: "error",
      from: { path: "^worker/http/" },
      to: { path: "^worker/(routes|pages|jobs)/" },
    },
    {
      name: "middleware-not-upward",
      severity: "error",
      from: { path: "^worker/middleware/" },
      to: { path: "^worker/(routes|pages|jobs)/" },
    },
    {
      name: "product-imports-no-dev",
      comment: "The Worker ships alone: it never imports the local stack, tests or benchmarks.",
      severity: "error",
      from: { path: "^worker/" },
      to: { path: "^(dev|test|bench)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
