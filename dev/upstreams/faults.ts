import type { ServerResponse } from "node:http";

/**
 * How a stand-in upstream misbehaves under the path prefix `/fault/<mode>/`. Each stand-in says
 * where in its exchange the fault strikes (DOGE: from page 2 of a list; USAspending: on an
 * award's transactions, after its record came back fine; Treasury: on the last page), so it
 * strikes after something good has arrived wherever the exchange allows:
 * - `error`: HTTP 500; `rate-limited`: 429 with Retry-After: 1, every time (a storm);
 * - `rate-limited-once` (DOGE only): 429 with Retry-After: 1 the first time only;
 * - `malformed`: a body that is not JSON; `truncated` (DOGE only): half the page's receipts;
 * - `hang-up`: the connection is cut in the middle of the body; `slow`: no answer for 30 s.
 */
export type FaultMode =
  | "error"
  | "rate-limited"
  | "rate-limited-once"
  | "malformed"
  | "truncated"
  | "hang-up"
  | "slow";

/** The fault a request's path asks for, if any, and the path without its prefix. */
export function faultOf(pathname: string): { fault: FaultMode | undefined; path: string } {
  const match = /^\/fault\/([a-z-]+)(\/.*)$/.exec(pathname);
  return match
    ? { fault: match[1] as FaultMode, path: match[2] ?? "/" }
    : { fault: undefined, path: pathname };
}

/** Answer with the fault instead of `body`, the good answer's JSON text. */
export function misbehave(fault: FaultMode, res: ServerResponse, body: string): void {
  const json = { "content-type": "application/json" };
  switch (fault) {
    case "error":
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("upstream exploded");
      return;
    case "rate-limited":
    case "rate-limited-once":
      res.writeHead(429, { "content-type": "text/plain", "retry-after": "1" });
      res.end("slow down");
      return;
    case "malformed":
    case "truncated":
      // Cut inside the JSON: what a proxy's error page or a broken cache would hand over.
      res.writeHead(200, json);
      res.end(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      return;
    case "hang-up":
      res.writeHead(200, { ...json, "content-length": String(body.length) });
      res.write(body.slice(0, body.length / 2));
      setTimeout(() => res.destroy(), 20);
      return;
    case "slow":
      setTimeout(() => res.destroy(), 30_000).unref();
      return;
  }
}
