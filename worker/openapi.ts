import { ALLOWED_METHODS, type DescribeRouteOptions, describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { PROBLEM_BASE } from "./errors.ts";

/** The document's head; paths come from each route's describeRoute and validators. */
export const DOCUMENT_INFO = {
  info: {
    title: "cutwatch API",
    version: "1",
    description:
      "An open API tracking a government spending-cut commission (DOGE first): its members, the cuts it claims, and how much of each claimed saving the government's own budget records confirm. Every list pages by cursor and comes as JSON or CSV; every GET has an ETag; errors are RFC 9457 problem+json.",
    license: {
      name: "Data: public domain (US government works); code: see repository",
      url: "https://www.usa.gov/government-works",
    },
  },
  openapi: "3.1.0",
  servers: [{ url: "/", description: "This deployment" }],
  tags: [
    { name: "Commissions", description: "The bodies whose claims are tracked." },
    { name: "Members", description: "Who led or staffed a commission, with sources." },
    { name: "Agencies", description: "USAspending toptier agencies and the names they go by." },
    { name: "Proposals", description: "Each claimed cut, with provenance and assessment." },
    {
      name: "Savings",
      description: "Claimed against verified: rollups under the current methodology.",
    },
    {
      name: "Outcomes",
      description:
        "What became of the claimed cuts after the claim (terminated, continued, reinstated…) and the lawsuits about the commission, each with its evidence and source.",
    },
    { name: "Operations", description: "Health and the scheduled job's runs." },
    { name: "Admin", description: "API keys and the audit log; an admin key is required." },
    {
      name: "Subscriptions",
      description:
        "Webhooks (Standard Webhooks): a subscriber key registers https URLs with filters; each matching change is posted once, signed, with retries and a delivery log.",
    },
  ],
  components: {
    securitySchemes: {
      bearer: {
        type: "http" as const,
        scheme: "bearer",
        description: "An API key from `npm run key:create` or POST /v1/admin/keys.",
      },
    },
  },
};

/** An operation that needs an API key; every other operation is public (`security: []`). */
export const BEARER = [{ bearer: [] }];

/**
 * Every operation is public unless its describeRoute names `security: BEARER`: the generator's
 * defaults, per method, so the document says so of each operation (OpenAPI tools require it).
 */
export const PUBLIC_BY_DEFAULT = Object.fromEntries(
  ALLOWED_METHODS.map((method) => [method, { security: [] }]),
);

export const ProblemSchema = v.object({
  type: v.pipe(v.string(), v.description(`A stable URI reference, ${PROBLEM_BASE}<kind>.`)),
  title: v.string(),
  status: v.number(),
  detail: v.string(),
  instance: v.string(),
  requestId: v.string(),
  errors: v.optional(v.array(v.object({ name: v.string(), message: v.string() }))),
});

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
});

const ERRORS = {
  400: problemResponse("A parameter is invalid; `errors` names each one."),
  401: problemResponse("No API key, or one that is unknown, wrong or revoked."),
  403: problemResponse("The API key lacks the role this needs."),
  404: problemResponse("No such resource."),
  409: problemResponse("A record with the same key exists."),
  412: problemResponse("If-Match names an older version: read the record again."),
  413: problemResponse("The body is over 64 KiB."),
  415: problemResponse("The body is not JSON."),
  422: problemResponse("The Idempotency-Key was used for a different request."),
  428: problemResponse("If-Match is required."),
  429: problemResponse("Rate limit reached; retry after `Retry-After` seconds."),
  503: problemResponse("The database is unreachable or not migrated; retry after `Retry-After`."),
} as const;

/** The error responses a route can give, for its describeRoute. */
export function errorResponses(...codes: (keyof typeof ERRORS)[]) {
  return Object.fromEntries(codes.map((code) => [String(code), ERRORS[code]]));
}

/** A JSON body described by a valibot schema; with `csv`, the same list as text/csv. */
export function jsonResponse(description: string, schema: v.GenericSchema, csv = false) {
  return {
    description,
    content: {
      "application/json": { schema: resolver(schema) },
      ...(csv
        ? {
            "text/csv": {
              schema: { type: "string" as const },
              example: "id,commission,kind\r\n1,doge,contract\r\n",
            },
          }
        : {}),
    },
  };
}

type Operation = { operationId: string; tag: string; summary: string; description?: string };

/** describeRoute for a route that answers with a document that is not JSON: a page, a feed, an image. */
export function describeDocument(
  op: Operation,
  type: string,
  errors: (keyof typeof ERRORS)[] = [400, 503],
) {
  return describe(op, {
    200: { description: op.summary, content: { [type]: { schema: { type: "string" as const } } } },
    ...errorResponses(...errors),
  });
}

/** describeRoute for a list: a page of `item` as JSON or CSV, or a 400. */
export function describeList(
  op: Operation,
  item: v.GenericSchema,
  errors: (keyof typeof ERRORS)[] = [400, 503],
) {
  return describe(op, {
    200: jsonResponse("A page of rows, and the cursor of the next.", pageOf(item), true),
    ...errorResponses(...errors),
  });
}

/** describeRoute for one record by its key: the record, a 400 for a malformed key, or a 404. */
export function describeOne(op: Operation, item: v.GenericSchema) {
  return describe(op, {
    200: jsonResponse("The record.", v.object({ data: item })),
    ...errorResponses(400, 404, 503),
  });
}

function describe(op: Operation, responses: DescribeRouteOptions["responses"]) {
  return describeRoute({
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    responses,
  });
}

/** A page of any list: the rows, the cursor of the next page, and the total when asked. */
export const pageOf = <T extends v.GenericSchema>(item: T) =>
  v.object({
    data: v.array(item),
    next_cursor: v.pipe(
      v.nullable(v.string()),
      v.description("Pass as `cursor` for the next page; null on the last page."),
    ),
    total: v.optional(
      v.pipe(v.number(), v.description("Rows matching the filters; only with `count=true`.")),
    ),
  });
