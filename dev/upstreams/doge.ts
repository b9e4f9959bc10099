import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { ReceiptKind } from "../../worker/jobs/doge/receipts.ts";
import { closeServer, listen } from "./server.ts";

export type DogeFixture = { url: string; close: () => Promise<void> };

/**
 * How the fixture misbehaves under the path prefix `/fault/<mode>/`, from page 2 of a list on
 * (page 1 is always good, so a fault strikes mid-list):
 * - `error`: HTTP 500; `rate-limited`: 429 with Retry-After: 1, every time (a storm);
 * - `rate-limited-once`: 429 with Retry-After: 1 the first time page 2 of a list is asked;
 * - `malformed`: a body that is not JSON; `truncated`: half the page's receipts;
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

/**
 * A local stand-in for api.doge.gov serving recorded snapshots in the real response shape
 * (`{success, result: {<kind>: [...]}, meta: {total_results, pages}}`), paged by `page` and
 * `per_page` (≤ 500), with the faults above on request.
 */
export async function startDogeFixture(
  snapshots: Partial<Record<ReceiptKind, string>>,
): Promise<DogeFixture> {
  const lists: Record<string, unknown[]> = { contracts: [], grants: [], leases: [] };
  for (const [kind, file] of Object.entries(snapshots)) {
    lists[kind] = JSON.parse(await readFile(file, "utf8")) as unknown[];
  }
  const asked = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const fault = /^\/fault\/([a-z-]+)\//.exec(url.pathname)?.[1] as FaultMode | undefined;
    const kind = /\/savings\/(contracts|grants|leases)$/.exec(url.pathname)?.[1];
    const page = Number(url.searchParams.get("page") ?? 1);
    const perPage = Number(url.searchParams.get("per_page") ?? 100);
    if (!kind || !(page >= 1) || !(perPage >= 1 && perPage <= 500)) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, error: "bad request" }));
      return;
    }
    const all = lists[kind] ?? [];
    const items = all.slice((page - 1) * perPage, page * perPage);
    const body = {
      success: true,
      result: { [kind]: items },
      meta: { total_results: all.length, pages: Math.max(1, Math.ceil(all.length / perPage)) },
    };
    if (fault && page >= 2) {
      const once = url.pathname; // one 429 per list, at page 2
      if (fault === "rate-limited-once" && asked.has(once)) {
        // fall through to a good answer
      } else {
        asked.add(once);
        misbehave(fault, res, body, kind);
        return;
      }
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

function misbehave(
  fault: FaultMode,
  res: ServerResponse,
  body: { result: Record<string, unknown[]> },
  kind: string,
) {
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
      res.writeHead(200, json);
      res.end('{"success": true, "result": {"contracts": [');
      return;
    case "truncated": {
      const items = body.result[kind] ?? [];
      const half = { ...body, result: { [kind]: items.slice(0, Math.floor(items.length / 2)) } };
      res.writeHead(200, json);
      res.end(JSON.stringify(half));
      return;
    }
    case "hang-up": {
      const text = JSON.stringify(body);
      res.writeHead(200, { ...json, "content-length": String(text.length) });
      res.write(text.slice(0, text.length / 2));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    case "slow":
      setTimeout(() => res.destroy(), 30_000).unref();
      return;
  }
}
