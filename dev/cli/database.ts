import { createDb, type Db } from "../../db/client.ts";
import { openLocalDatabase, StackError } from "../database.ts";

export const DATA_DIR = new URL("../../.data/pglite", import.meta.url).pathname;

/**
 * Run a tooling task (migrate, seed) against DATABASE_URL, or the embedded PGlite in .data/
 * when it is unset. Neon is reached directly over its own WebSocket endpoint; any other
 * Postgres through the local ws proxy, like the Worker does.
 */
export async function withDatabase(task: (db: Db, where: string) => Promise<void>) {
  const url = process.env.DATABASE_URL || undefined;
  try {
    if (url && /\.neon\.tech$/.test(new URL(url).hostname)) {
      const { db, close } = createDb({ databaseUrl: url, timeoutMs: 15_000 });
      try {
        await task(db, new URL(url).host);
      } finally {
        await close();
      }
      return;
    }
    const local = await openLocalDatabase({
      databaseUrl: url,
      dataDir: url ? undefined : DATA_DIR,
    });
    const { db, close } = local.connect();
    try {
      await task(db, url ? new URL(url).host : `embedded PGlite in ${DATA_DIR}`);
    } finally {
      await close();
      await local.close();
    }
  } catch (err) {
    console.error(`error: ${err instanceof StackError ? err.message : (err as Error).stack}`);
    process.exit(1);
  }
}
