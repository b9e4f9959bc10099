import { createServer, type Socket } from "node:net";
import { PGlite } from "@electric-sql/pglite";

export type EmbeddedPostgres = { url: string; close: () => Promise<void> };

/**
 * PGlite (Postgres compiled to WASM) served on a local TCP port, persisted in `dataDir` or in
 * memory. PGlite is one session shared by every connection (see `serveSession`).
 */
export async function startPglite(opts: {
  dataDir?: string;
  port?: number;
}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(opts.dataDir ?? "memory://");
  let server: Awaited<ReturnType<typeof serveSession>>;
  try {
    server = await serveSession(db, opts.port ?? 0);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Sync: ends an extended-protocol exchange and resets the session's state for it. */
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
/** Parse, Bind, Describe, Execute, Close: parts of an exchange that Sync (or Flush) completes. */
const EXTENDED = new Set(["P", "B", "D", "E", "C"]);

/**
 * Many client connections onto PGlite's one session, each exchange whole. A client's Parse,
 * Bind, Describe and Execute run together with the Sync that ends them (interleaved with another
 * connection's, one connection's Execute would run the other's portal: "portal cannot be run"),
 * and a connection inside a transaction has the session to itself until it commits or rolls
 * back. A connection that goes away mid-transaction (a Worker killed, the network cut) is rolled
 * back, so the next one finds the session clean.
 *
 * (`@electric-sql/pglite-socket` queues each message on its own, so concurrent extended-protocol
 * exchanges interleave; under concurrent load some queries then failed.)
 */
async function serveSession(db: PGlite, port: number) {
  // The session, held by one connection at a time: for an exchange, or for a whole transaction.
  let holder: Socket | null = null;
  const waiting: { socket: Socket; resume: () => void }[] = [];
  const acquire = (socket: Socket) =>
    new Promise<void>((resume) => {
      if (holder === null || holder === socket) {
        holder = socket;
        resume();
      } else {
        waiting.push({ socket, resume });
      }
    });
  const release = (socket: Socket) => {
    if (holder !== socket) return;
    const next = waiting.shift();
    holder = next?.socket ?? null;
    next?.resume();
  };

  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let pending: Buffer[] = [];
    // One exchange at a time per connection, in the order the client sent them.
    let chain = Promise.resolve();
    let closed = false;

    const run = (batch: Buffer, holdAfter: boolean) => {
      chain = chain.then(async () => {
        if (closed) return;
        await acquire(socket);
        if (closed) {
          await cleanUp();
          return;
        }
        try {
          await db.execProtocolRawStream(new Uint8Array(batch), {
            onRawData: (data) => {
              if (!closed && socket.writable) socket.write(Buffer.from(data));
            },
          });
        } catch (err) {
          socket.destroy(err as Error);
          closed = true;
          await cleanUp();
          return;
        }
        if (!holdAfter && !db.isInTransaction()) release(socket);
      });
    };

    // Whatever this connection left half-done is undone before anyone else gets the session.
    const cleanUp = async () => {
      if (holder !== socket) {
        const i = waiting.findIndex((w) => w.socket === socket);
        if (i >= 0) waiting.splice(i, 1);
        return;
      }
      try {
        await db.execProtocolRaw(new Uint8Array(SYNC));
        if (db.isInTransaction()) await db.exec("ROLLBACK");
      } catch {
        // the session is unusable anyway
      }
      release(socket);
    };

    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // Startup phase: length-prefixed messages with no type byte.
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSS_REQUEST) {
            socket.write("N");
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          started = true;
          run(Buffer.from(message), false);
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const type = String.fromCharCode(buffer[0] as number);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (type === "X") {
          socket.end();
          return;
        }
        pending.push(Buffer.from(message));
        if (EXTENDED.has(type)) continue;
        const batch = Buffer.concat(pending);
        pending = [];
        // After Flush (mid-exchange) or CopyData the exchange is not over: keep the session.
        run(batch, type === "H" || type === "d");
      }
    });
    const onGone = () => {
      if (closed) return;
      closed = true;
      sockets.delete(socket);
      chain = chain.then(cleanUp);
    };
    socket.on("close", onGone);
    socket.on("error", onGone);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
