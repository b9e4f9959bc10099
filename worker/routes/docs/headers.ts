/**
 * The docs page's policy: scripts and styles from this origin only (Swagger UI sets inline
 * styles on its elements, hence `style-src 'unsafe-inline'`, but no inline or foreign script),
 * "Try it out" requests to this origin only, framed by this site only.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join("; ");

export const DOCS_HEADERS = {
  "Content-Security-Policy": DOCS_CSP,
  "X-Frame-Options": "SAMEORIGIN",
};
