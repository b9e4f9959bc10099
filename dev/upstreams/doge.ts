import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { ReceiptKind } from "../../worker/jobs/doge/receipts.ts";

export type DogeFixture = { url: string; close: () => Promise<void> };

/**
 * A local stand-in for api.doge.gov serving recorded snapshots in the real response shape
 * (`{success, result: {<kind>: [...]}, meta: {total_results, pages}}`), paged by `page` and
 * `per_page` (≤ 500). Under the path prefix `/fail-page-2/` it answers 500 from page 2 on, to
 * test that a failed fetch changes nothing.
 */
export async function startDogeFixture(
  snapshots: Partial<Record<ReceiptKind, string>>,
): Promise<DogeFixture> {
  const lists: Record<string, unknown[]> = { contracts: [], grants: [], leases: [] };
  for (const [kind, file] of Object.entries(snapshots)) {
    lists[kind] = JSON.parse(await readFile(file, "utf8")) as unknown[];
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const failing = url.pathname.startsWith("/fail-page-2/");
    const kind = /\/savings\/(contracts|grants|leases)$/.exec(url.pathname)?.[1];
    const page = Number(url.searchParams.get("page") ?? 1);
    const perPage = Number(url.searchParams.get("per_page") ?? 100);
    if (!kind || !(page >= 1) || !(perPage >= 1 && perPage <= 500)) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, error: "bad request" }));
      return;
    }
    if (failing && page >= 2) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("upstream exploded");
      return;
    }
    const all = lists[kind] ?? [];
    const body = {
      success: true,
      result: { [kind]: all.slice((page - 1) * perPage, page * perPage) },
      meta: { total_results: all.length, pages: Math.max(1, Math.ceil(all.length / perPage)) },
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

/** A TCP port that accepts connections and never answers: a hung database. */
export async function startBlackhole(): Promise<{ port: number; close: () => Promise<void> }> {
  const { createServer: createTcp } = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  const server = createTcp((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    port,
    close: () => {
      for (const s of sockets) s.destroy();
      return closeServer(server);
    },
  };
}

function listen(server: Server | import("node:net").Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

function closeServer(server: Server | import("node:net").Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
