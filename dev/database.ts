import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client.ts";
import { startPglite } from "./pglite.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";

export type LocalDatabase = {
  /** What the Worker gets as DATABASE_URL and NEON_WS_PROXY. */
  databaseUrl: string;
  wsProxy: string;
  embedded: boolean;
  /** A client for Node-side tooling (migrate, seed), through the same driver as the Worker. */
  connect: () => ReturnType<typeof createDb>;
  /** Cut the Worker off its database (the ws proxy stops serving) and back; see WsProxy. */
  suspend: WsProxy["suspend"];
  resume: WsProxy["resume"];
  close: () => Promise<void>;
};

export class StackError extends Error {}

export type DatabaseOptions = {
  /** A real Postgres; without it, the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; in memory when unset. */
  dataDir?: string | undefined;
  /** Create a database of its own on the server at databaseUrl, dropped on close (tests). */
  isolated?: boolean;
};

/** The database the local stack runs on, reachable by the Neon driver through the ws proxy. */
export async function openLocalDatabase(opts: DatabaseOptions): Promise<LocalDatabase> {
  const proxy = await startWsProxy();
  const cleanups: (() => Promise<void>)[] = [proxy.close];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    let databaseUrl: string;
    if (opts.databaseUrl) {
      databaseUrl = checkUrl(opts.databaseUrl);
      await ping(databaseUrl, proxy.address);
      if (opts.isolated) {
        const base = databaseUrl;
        const name = `cutwatch_test_${process.pid}_${Date.now().toString(36)}`;
        await admin(base, proxy.address, `create database ${name}`);
        cleanups.push(() =>
          admin(base, proxy.address, `drop database if exists ${name} with (force)`),
        );
        const url = new URL(base);
        url.pathname = `/${name}`;
        databaseUrl = url.href;
      }
    } else {
      if (opts.dataDir) {
        await mkdir(opts.dataDir, { recursive: true });
        cleanups.push(await lockDataDir(opts.dataDir));
      }
      const pg = await startPglite({ dataDir: opts.dataDir }).catch((err: Error) => {
        throw new StackError(
          `cannot open the embedded database${opts.dataDir ? ` in ${opts.dataDir}` : ""}: ${err.message}`,
        );
      });
      cleanups.push(pg.close);
      databaseUrl = pg.url;
    }
    const connect = () => createDb({ databaseUrl, wsProxy: proxy.address, timeoutMs: 10_000 });
    return {
      databaseUrl,
      wsProxy: proxy.address,
      embedded: !opts.databaseUrl,
      connect,
      suspend: proxy.suspend,
      resume: proxy.resume,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with the owner's pid turns that into a clear error (e.g. `npm run key:create`
 * while `npm start` runs); a lock left by a process that died is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lock = `${dataDir}.lock`;
  try {
    await writeFile(lock, String(process.pid), { flag: "wx" });
  } catch {
    const owner = Number(await readFile(lock, "utf8").catch(() => "0"));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new StackError(
        `the embedded database in ${dataDir} is in use by process ${owner} (npm start?); stop it first, or set DATABASE_URL`,
      );
    }
    await writeFile(lock, String(process.pid));
  }
  return () => rm(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StackError("DATABASE_URL is not a URL (expected postgres://user@host:5432/db)");
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) {
    throw new StackError(`DATABASE_URL must start with postgres://, not ${url.protocol}//`);
  }
  return url.href;
}

async function ping(databaseUrl: string, wsProxy: string) {
  const { db, close } = createDb({ databaseUrl, wsProxy, timeoutMs: 5000 });
  try {
    await db.execute(sql`select 1`);
  } catch (err) {
    const where = new URL(databaseUrl);
    throw new StackError(
      `cannot reach the Postgres at DATABASE_URL (${where.host}${where.pathname}): ${(err as Error).message}`,
    );
  } finally {
    await close();
  }
}

async function admin(databaseUrl: string, wsProxy: string, statement: string) {
  const { db, close } = createDb({ databaseUrl, wsProxy, timeoutMs: 10_000 });
  try {
    await (db as Db).execute(sql.raw(statement));
  } finally {
    await close();
  }
}
