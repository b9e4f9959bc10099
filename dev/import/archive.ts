import type { Db } from "../../db/client.ts";
import type { JobCounts } from "../../db/schema/index.ts";
import { importList, prepareImport } from "./load.ts";

/**
 * Every archived DOGE list in data/, in the order the source showed them (data/README.md):
 * the seed loads them one after the other through the job's own sync, so `npm start` holds the
 * record as it happened, from February 2025 to the last lease capture of October 2025. Each is
 * dated by its capture time (load.ts); the accumulating lease captures load scrape by scrape.
 */
export const ARCHIVE_LISTS = [
  "archive/contracts-2025-02-18.csv.gz",
  "archive/leases-2025-02-18.csv.gz",
  "fpds/doge-contracts-2025-03-05.csv",
  "archive/grants-2025-03-19.csv.gz",
  "archive/grants-2025-03-30.csv.gz",
  "archive/contracts-2025-03-31.csv.gz",
  "archive/contracts-2025-04-04.csv.gz",
  "doge/contracts-2025-04-12.json",
  "doge/leases-2025-04-12.json",
  "doge/contracts-2025-04-16.json",
  "doge/leases-2025-04-16.json",
  "doge/leases-2025-05-04.json",
  "doge/leases-2025-05-12.json",
  "archive/leases-2025-06-03.csv.gz",
  "archive/leases-2025-10-05.csv.gz",
] as const;

export type ArchiveFile = (typeof ARCHIVE_LISTS)[number];

/**
 * Load the archive into a commission, oldest list first. `read` gives a file's text (inflated):
 * from disk for the seed, from bundled imports in the tests. One transaction: all or nothing.
 */
export async function loadArchive(
  db: Db,
  commissionId: number,
  read: (file: ArchiveFile) => Promise<string>,
): Promise<{ file: ArchiveFile; counts: JobCounts }[]> {
  return db.transaction(async (tx) => {
    const loaded: { file: ArchiveFile; counts: JobCounts }[] = [];
    for (const file of ARCHIVE_LISTS) {
      const { counts } = await importList(tx, prepareImport(await read(file), file), commissionId);
      loaded.push({ file, counts });
    }
    return loaded;
  });
}
