import type { Context, ErrorHandler } from "hono";
import { accepts } from "hono/accepts";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import type { AppEnv } from "../env.ts";
import { ApiError, onError } from "../errors.ts";
import { readCache } from "../middleware/cache.ts";
import { database } from "../middleware/db.ts";
import { readLimit } from "../middleware/limits.ts";
import { Slug } from "../schemas/common.ts";
import { ErrorPage } from "./layout.tsx";

/**
 * What the page routes (pages/routes/) share: their headers, their common parameters, content
 * negotiation, the read path and the error page. The pages may only be framed by this site; the
 * embeds by any site (`frame-ancestors *`), which is their purpose.
 */

/** The page routes' handlers come from the app's one factory (worker/http/factory.ts). */
export { factory } from "../http/factory.ts";

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; base-uri 'none'; form-action 'self'";
export const PAGE_HEADERS = {
  "Cache-Control": "public, max-age=60",
  "Content-Security-Policy": `${CSP}; frame-ancestors 'self'`,
  "X-Frame-Options": "SAMEORIGIN",
  Vary: "Accept",
};
export const EMBED_HEADERS = {
  "Cache-Control": "public, max-age=300",
  "Content-Security-Policy": `${CSP}; frame-ancestors *`,
};

const ERROR_PAGE_HEADERS = {
  "Content-Security-Policy": PAGE_HEADERS["Content-Security-Policy"],
  "X-Frame-Options": PAGE_HEADERS["X-Frame-Options"],
};
const ERROR_EMBED_HEADERS = { "Content-Security-Policy": EMBED_HEADERS["Content-Security-Policy"] };

export const AgencyCode = v.pipe(
  v.string(),
  v.regex(/^\d{3,4}$/, "must be an agency code like 012 or 1601"),
);
export const CodeParam = v.object({ code: AgencyCode });
export const CommissionQuery = v.object({ commission: v.optional(Slug) });

export const wantsHtml = (c: Context<AppEnv>) =>
  accepts(c, {
    header: "Accept",
    supports: ["application/json", "text/html"],
    default: "application/json",
  }) === "text/html";

/**
 * What a page read passes through, like the API's reads: the per-client limit, then the read
 * cache (a hit builds no database client), then the database.
 */
export const publicRead = () => [readLimit, readCache, database()] as const;

/** This site's origin, for the links and embed snippets a page shows. */
export const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function notFoundPage(what: string): never {
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
  // An error page is a page: the same policy as the page it stands for. An embed's error may
  // show inside the site that frames the embed.
  const embed = new URL(c.req.url).pathname.startsWith("/embed/");
  Object.assign(headers, embed ? ERROR_EMBED_HEADERS : ERROR_PAGE_HEADERS);
  return c.html(
    ErrorPage({ title: problem.title, detail: problem.detail }),
    res.status as ContentfulStatusCode,
    headers,
  );
};
