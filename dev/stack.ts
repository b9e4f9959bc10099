import { type DatabaseOptions, type LocalDatabase, openLocalDatabase } from "./database.ts";
import { migrateDatabase } from "./migrate.ts";
import { type SeedLists, type SeedResult, seed } from "./seed.ts";

export type Stack = LocalDatabase & { seed: SeedResult };

export type StackSeed = boolean | "reference" | "api";
const SEED_LISTS: Record<string, SeedLists> = { true: "archive", api: "api", reference: "none" };

/**
 * Database, ws proxy, migrations and (first start only) the seed: everything `npm start` and
 * the test setup run before the Worker. `close()` stops it all.
 */
export async function startStack(
  opts: DatabaseOptions & {
    /**
     * `true`: the whole archive (seed.ts); `"api"`: the DOGE API snapshots only, what the local
     * stand-in serves; `"reference"`: the commission, members and agencies only; `false`: an
     * empty schema.
     */
    seed?: StackSeed;
    log?: (line: string) => void;
  },
): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const database = await openLocalDatabase(opts);
  try {
    log(
      database.embedded
        ? `database: embedded PGlite${opts.dataDir ? ` in ${opts.dataDir}` : " (in memory)"}`
        : `database: ${redact(database.databaseUrl)}`,
    );
    const { db, close } = database.connect();
    try {
      await migrateDatabase(db);
      log("migrations: up to date");
      const t0 = performance.now();
      const result =
        opts.seed === false
          ? { seeded: false }
          : await seed(db, { lists: SEED_LISTS[`${opts.seed ?? true}`] });
      if (result.seeded) {
        log(
          `seed: ${result.proposals ?? 0} proposals from ${result.snapshots?.length ?? 0} archived DOGE lists in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      } else if (opts.seed !== false) {
        log("seed: data already there, reusing it");
      }
      return { ...database, seed: result };
    } finally {
      await close();
    }
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** A URL fit for logs: no password. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "****";
  return u.href;
}
