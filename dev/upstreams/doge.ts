import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { ReceiptKind } from "../../worker/jobs/doge/receipts.ts";
import { type FaultMode, faultOf, misbehave } from "./faults.ts";
import { closeServer, listen } from "./server.ts";

export type DogeFixture = { url: string; close: () => Promise<void> };

/**
 * A local stand-in for api.doge.gov serving recorded snapshots in the real response shape
 * (`{success, result: {<kind>: [...]}, meta: {total_results, pages}}`), paged by `page` and
 * `per_page` (≤ 500), with the faults of ./faults.ts from page 2 of a list on (page 1 is always
 * good); `truncated` answers half the page's receipts in valid JSON.
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
    const { fault } = faultOf(url.pathname);
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
        misbehavePage(fault, res, body, kind);
        return;
      }
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

/** A fault on a page of receipts: `truncated` is a well-formed page with half of them. */
function misbehavePage(
  fault: FaultMode,
  res: ServerResponse,
  body: { result: Record<string, unknown[]> },
  kind: string,
) {
  if (fault !== "truncated") return misbehave(fault, res, JSON.stringify(body));
  const items = body.result[kind] ?? [];
  const half = { ...body, result: { [kind]: items.slice(0, Math.floor(items.length / 2)) } };
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(half));
}
