import { type DatabaseOptions, type LocalDatabase, openLocalDatabase } from "./database.ts";
import { migrateDatabase } from "./migrate.ts";
import { type SeedResult, seed } from "./seed.ts";

export type Stack = LocalDatabase & { seed: SeedResult };

/**
 * Database, ws proxy, migrations and (first start only) the seed: everything `npm start` and
 * the test setup run before the Worker. `close()` stops it all.
 */
export async function startStack(
  opts: DatabaseOptions & {
    /** `false`: an empty schema; `"reference"`: the commission, members and agencies only. */
    seed?: boolean | "reference";
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
      const result =
        opts.seed === false
          ? { seeded: false }
          : await seed(db, { snapshots: opts.seed !== "reference" });
      if (result.seeded) {
        log(
          `seed: ${result.proposals ?? 0} proposals from ${result.snapshots?.length ?? 0} DOGE snapshots`,
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
