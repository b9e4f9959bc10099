import { createServer } from "node:http";
import { closeServer, listen } from "./server.ts";

/**
 * A webhook receiver for tests and local use: it keeps every POST (path, the Standard Webhooks
 * headers, the raw body, when it arrived) and answers 204, or 500 under `/fail/…`, or 204 after
 * `ms` milliseconds (at most 10 s) under `/slow/<ms>/…`. `GET /__received?path=/x` lists what
 * was posted to `/x`, oldest first, so a test inside workerd can read it back.
 */
export type Received = {
  path: string;
  headers: { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };
  body: string;
  status: number;
  /** When the request arrived (ms since the epoch) and when it was answered. */
  at: number;
  answeredAt?: number;
};

export async function startWebhookReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/__received") {
      const path = url.searchParams.get("path");
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(received.filter((r) => r.path === path)));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    const at = Date.now();
    req.on("end", () => {
      const status = url.pathname.startsWith("/fail/") ? 500 : 204;
      const slow = /^\/slow\/(\d+)\//.exec(url.pathname);
      const delay = slow ? Math.min(10_000, Number(slow[1])) : 0;
      const entry: Received = {
        path: url.pathname,
        headers: {
          "webhook-id": String(req.headers["webhook-id"] ?? ""),
          "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
        },
        body: Buffer.concat(chunks).toString("utf8"),
        status,
        at,
      };
      received.push(entry);
      setTimeout(() => {
        entry.answeredAt = Date.now();
        res.writeHead(status);
        res.end();
      }, delay);
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, received, close: () => closeServer(server) };
}
