import { createServer, request } from "node:http";

/**
 * A proxy in front of a local upstream stand-in that makes it behave like the real one at a
 * distance: every answer `latencyMs` late, and a share of requests answered 429 with
 * `Retry-After` (as USAspending's rate limiter does), counted.
 */
export type LatencyProxy = {
  url: string;
  /** Requests answered, and of those the 429s. */
  counts: { requests: number; limited: number };
  close: () => Promise<void>;
};

export function startLatencyProxy(opts: {
  target: string;
  latencyMs: number;
  /** Share of requests answered 429 (0–1). */
  limitedShare: number;
  retryAfterSeconds: number;
}): Promise<LatencyProxy> {
  const target = new URL(opts.target);
  const counts = { requests: 0, limited: 0 };
  const server = createServer((req, res) => {
    counts.requests += 1;
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      setTimeout(() => {
        if (Math.random() < opts.limitedShare) {
          counts.limited += 1;
          res.writeHead(429, { "retry-after": String(opts.retryAfterSeconds) });
          res.end("rate limited");
          return;
        }
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: { ...req.headers, host: target.host },
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on("error", () => {
          res.writeHead(502);
          res.end();
        });
        upstream.end(Buffer.concat(body));
      }, opts.latencyMs);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        counts,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
