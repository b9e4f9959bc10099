import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { constraintColumns } from "../db/constraints.ts";
import { isDatabaseUnavailable, postgresError } from "../db/errors.ts";
import { Refusal } from "./domain/errors.ts";
import { type AppEnv, ConfigError } from "./env.ts";
import { asError } from "./lib/as-error.ts";

/** Stable problem types: clients may switch on these URIs. */
// A relative URI reference (RFC 9457 §3.1.1), the same on every deployment; the API serves it.
export const PROBLEM_BASE = "/problems/";

export type ProblemKind =
  | "bad-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "precondition-failed"
  | "precondition-required"
  | "payload-too-large"
  | "unsupported-media-type"
  | "idempotency-key-reused"
  | "rate-limited"
  | "method-not-allowed"
  | "database-unavailable"
  | "range-not-satisfiable"
  | "misconfigured"
  | "migrations-pending"
  | "internal";

export const TITLES: Record<ProblemKind, string> = {
  "bad-request": "Bad request",
  unauthorized: "API key missing or not valid",
  forbidden: "API key lacks the role for this",
  "not-found": "Not found",
  conflict: "Conflicts with an existing record",
  "precondition-failed": "The record changed since you read it",
  "precondition-required": "If-Match required",
  "payload-too-large": "Request body too large",
  "unsupported-media-type": "Request body must be JSON",
  "idempotency-key-reused": "Idempotency-Key reused for another request",
  "rate-limited": "Too many requests",
  "method-not-allowed": "Method not allowed",
  "range-not-satisfiable": "Range not satisfiable",
  "database-unavailable": "Database unavailable",
  misconfigured: "Service misconfigured",
  "migrations-pending": "Database migrations pending",
  internal: "Internal error",
};

/** Each problem kind's HTTP status: the one place a status is chosen. */
const STATUS = {
  "bad-request": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "precondition-failed": 412,
  "precondition-required": 428,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  "idempotency-key-reused": 422,
  "rate-limited": 429,
  "method-not-allowed": 405,
  "range-not-satisfiable": 416,
  "database-unavailable": 503,
  misconfigured: 503,
  "migrations-pending": 503,
  internal: 500,
} as const satisfies Record<ProblemKind, ContentfulStatusCode>;

export type ProblemField = { name: string; message: string };

/**
 * The one error class handlers throw; onError turns it into RFC 9457 problem+json. Its status
 * follows from its kind (STATUS); only an HTTPException passed on keeps a status of its own.
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly kind: ProblemKind;
  readonly detail: string;
  readonly errors: ProblemField[];
  constructor(
    kind: ProblemKind,
    detail: string,
    errors: ProblemField[] = [],
    opts: { status?: ContentfulStatusCode } = {},
  ) {
    super(detail);
    this.status = opts.status ?? STATUS[kind];
    this.kind = kind;
    this.detail = detail;
    this.errors = errors;
  }
}

/**
 * Headers a handler may have set for the representation it meant to send. A handler that fails
 * after setting them (a list sets `Cache-Control: public` before its query) must not pass them
 * on to its error: a cached 503 would outlast the outage, and a 304 could revalidate an error.
 */
const REPRESENTATION_HEADERS = [
  "Cache-Control",
  "ETag",
  "Last-Modified",
  "Link",
  "Content-Disposition",
  "X-Snapshot-At",
];

function problem(c: Context<AppEnv>, err: ApiError, headers: Record<string, string> = {}) {
  for (const name of REPRESENTATION_HEADERS) c.header(name, undefined);
  const body = {
    type: `${PROBLEM_BASE}${err.kind}`,
    title: TITLES[err.kind],
    status: err.status,
    detail: err.detail,
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId"),
    ...(err.errors.length ? { errors: err.errors } : {}),
  };
  return c.body(JSON.stringify(body), err.status, {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    ...headers,
  });
}

/**
 * The outermost middleware. Hono hands only Error instances to onError; anything else thrown
 * escaped to the runtime, whose answer is an HTML 500 of its own (the outage that should have
 * been a 503 problem+json).
 */
export const errorsAsErrors = () =>
  createMiddleware<AppEnv>(async (_c, next) => {
    try {
      await next();
    } catch (err) {
      throw asError(err);
    }
  });

/** Our errors as they are; HTTP exceptions mapped; anything else logged and answered generically. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return problem(c, err);
  // A write service's refusal is the problem of the same kind.
  if (err instanceof Refusal) return problem(c, new ApiError(err.kind, err.message, err.fields));
  if (err instanceof ConfigError) {
    console.error(`[${c.get("requestId")}] ${err.message}`);
    return problem(c, new ApiError("misconfigured", "The service is not configured correctly."));
  }
  if (isDatabaseUnavailable(err)) {
    console.error(`[${c.get("requestId")}] database unavailable:`, err);
    return problem(
      c,
      new ApiError("database-unavailable", "The database cannot be reached; try again shortly."),
      { "Retry-After": "5" },
    );
  }
  const pg = postgresError(err);
  // Violations are told by the fields they concern, never by the database's own names and
  // messages (constraint names, SQL text): those are logged, not sent.
  if (pg?.code === "23505" || pg?.code === "23503" || pg?.code?.startsWith("22")) {
    console.error(
      `[${c.get("requestId")}] refused by the database:`,
      pg.code,
      pg.constraint ?? "",
      pg.message,
    );
  }
  if (pg?.code === "23505") {
    const fields = fieldErrors(pg.constraint, "is already taken");
    return problem(
      c,
      new ApiError("conflict", `A record with the same ${named(fields)} exists.`, fields),
    );
  }
  if (pg?.code === "23503") {
    const fields = fieldErrors(pg.constraint, "refers to a record that does not exist");
    return problem(
      c,
      new ApiError(
        "bad-request",
        `The ${named(fields)} refers to a record that does not exist.`,
        fields,
      ),
    );
  }
  if (pg?.code?.startsWith("22")) {
    // Class 22, data exception: a value from the request the database cannot cast or store
    // (a hand-made cursor, a character Postgres text refuses). Validation should name these
    // first; this keeps any it missed a client error instead of a 500.
    const fields = pg.column ? [{ name: pg.column, message: "is not a value it can hold" }] : [];
    return problem(c, new ApiError("bad-request", "A value in the request is not valid.", fields));
  }
  if (err instanceof HTTPException) {
    const kind = err.status === 404 ? "not-found" : "bad-request";
    const status = err.status >= 500 ? 400 : err.status;
    return problem(
      c,
      new ApiError(kind, err.message || TITLES[kind], [], {
        status: status as ContentfulStatusCode,
      }),
    );
  }
  console.error(`[${c.get("requestId")}] unhandled error:`, err);
  return problem(c, new ApiError("internal", "Something went wrong on our side."));
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  problem(
    c,
    new ApiError("not-found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );

/** The fields behind a constraint, each with what is wrong with it. */
function fieldErrors(constraint: string | undefined, message: string) {
  return constraintColumns(constraint).map((name) => ({ name, message }));
}

const named = (fields: { name: string }[]) =>
  fields.length ? fields.map((f) => `\`${f.name}\``).join(", ") : "value";
