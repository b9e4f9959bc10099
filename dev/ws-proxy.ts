import { createServer, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import { connect, type Socket } from "node:net";
import type { WebSocketServer as Server, WebSocket } from "ws";
import { sqlOverHttp } from "./sql-over-http.ts";

// Loaded with require so bundler-style resolvers (vitest's) cannot pick ws' browser stub.
const { WebSocketServer } = createRequire(import.meta.url)("ws") as {
  WebSocketServer: typeof Server;
};

/** The Postgres protocol's Terminate message: 'X' and a length of 4. */
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

export type WsProxy = {
  port: number;
  address: string;
  /**
   * Make the database unreachable through this proxy, as a network outage would (tests of the
   * API with its database down): every open connection is cut, and then new ones are either
   * refused (`"refuse"`: nothing listens on the port) or accepted and never answered
   * (`"hang"`: a database that stopped responding). `resume()` serves again on the same port.
   */
  suspend: (mode?: "refuse" | "hang") => Promise<void>;
  resume: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * The WebSocket→TCP bridge the Neon driver needs to reach a plain Postgres (PGlite or a local
 * server): `ws://127.0.0.1:<port>/v1?address=<host>:<port>`, each socket piped to one TCP
 * connection. The same port serves Neon's HTTP query protocol (`POST /sql`, sql-over-http.ts),
 * which the API's reads take. Neon itself speaks both, so production needs none of this.
 */
export async function startWsProxy(opts: { host?: string; port?: number } = {}): Promise<WsProxy> {
  const host = opts.host ?? "127.0.0.1";
  let hanging = false;
  const sql = sqlOverHttp();
  type Listening = { http: HttpServer; wss: Server; sockets: Set<Socket> };
  const open = async (port: number): Promise<Listening> => {
    const http = createServer((req, res) => {
      if (hanging) return; // a database that stopped answering
      if (!sql.handle(req, res)) res.writeHead(404).end();
    });
    const wss = new WebSocketServer({ server: http });
    // Every socket, upgraded or not: closing waits for none of them (a handshake under way
    // when the proxy shuts would otherwise hold the close open, and then stay open itself).
    const sockets = new Set<Socket>();
    http.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(port, host, () => resolve());
    });
    wss.on("connection", (ws, req) => {
      if (hanging) ws.on("message", () => undefined);
      else bridge(ws, req.url ?? "");
    });
    return { http, wss, sockets };
  };
  const shut = async ({ http, wss, sockets }: Listening) => {
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    for (const client of wss.clients) client.terminate();
    for (const socket of sockets) socket.destroy();
    wss.close();
    await closed;
  };
  let server: Listening | undefined = await open(opts.port ?? 0);
  const { port } = server.http.address() as { port: number };
  return {
    port,
    address: `${host}:${port}`,
    suspend: async (mode = "refuse") => {
      if (!server) return;
      for (const client of server.wss.clients) client.terminate();
      hanging = mode === "hang";
      if (mode === "refuse") {
        await shut(server);
        server = undefined;
      }
    },
    resume: async () => {
      // Connections accepted while hanging were never bridged: cut them rather than leave them.
      if (hanging && server) for (const client of server.wss.clients) client.terminate();
      hanging = false;
      server ??= await open(port);
    },
    close: async () => {
      if (server) await shut(server);
      server = undefined;
      await sql.close();
    },
  };
}

function bridge(ws: WebSocket, path: string) {
  const target = new URL(path, "http://proxy").searchParams.get("address") ?? "";
  const m = /^(.+):(\d+)$/.exec(target);
  if (!m?.[1] || !m[2]) {
    ws.close(1008, "expected ?address=host:port");
    return;
  }
  const socket = connect(Number(m[2]), m[1]);
  socket.setNoDelay(true);
  socket.on("data", (chunk) => {
    if (ws.readyState === ws.OPEN) ws.send(chunk);
  });
  socket.on("error", () => ws.close(1011, "database connection failed"));
  socket.on("close", () => {
    if (ws.readyState === ws.OPEN) ws.close();
  });
  ws.on("message", (data) => {
    const message = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    socket.write(message);
    // The client says goodbye with Terminate. A real Postgres then hangs up, and so the
    // WebSocket closes; PGlite's socket server waits for the TCP side to close instead. The
    // WebSocket close handshake alone can take ws' 30-second close timeout, so each request's
    // connection would linger and a busy test run would exhaust the connection limit.
    if (message.equals(TERMINATE)) socket.end();
  });
  ws.on("close", () => socket.destroy());
  ws.on("error", () => socket.destroy());
}
