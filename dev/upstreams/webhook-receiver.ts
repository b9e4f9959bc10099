import { createServer } from "node:http";
import { closeServer, listen } from "./server.ts";

/**
 * A webhook receiver for tests and local use: it keeps every POST (path, the Standard Webhooks
 * headers, the raw body) and answers 204, or 500 under `/fail/…`. `GET /__received?path=/x`
 * lists what was posted to `/x`, oldest first, so a test inside workerd can read it back.
 */
export type Received = {
  path: string;
  headers: { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };
  body: string;
  status: number;
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
    req.on("end", () => {
      const status = url.pathname.startsWith("/fail/") ? 500 : 204;
      received.push({
        path: url.pathname,
        headers: {
          "webhook-id": String(req.headers["webhook-id"] ?? ""),
          "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
        },
        body: Buffer.concat(chunks).toString("utf8"),
        status,
      });
      res.writeHead(status);
      res.end();
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, received, close: () => closeServer(server) };
}
