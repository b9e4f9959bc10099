import type { Server } from "node:http";
import { createServer as createTcp, type Socket, type Server as TcpServer } from "node:net";

/** Listen on a free loopback port; resolves to the port. */
export function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

export function closeServer(server: Server | TcpServer): Promise<void> {
  // A held-open request (the "slow" fault) must not keep the process alive.
  if ("closeAllConnections" in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A TCP port that accepts connections and never answers: a hung database. */
export async function startBlackhole(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
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
