/**
 * `npm run import -- <file> [--observed-at <ISO time>] [--commission doge] [--allow-shrink]`: load one archived
 * DOGE list (CSV or JSON, gzipped or not) into DATABASE_URL (or the embedded database) through
 * the job's own sync, as the complete list the source showed at the file's capture time.
 * Import a kind's lists oldest first: an older one than already loaded is refused, as are an empty
 * list, a time in the future and (unless `--allow-shrink`) a complete list less than half as long
 * as the one on record.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import { ShrinkError } from "../../worker/jobs/doge/shrink.ts";
import { OlderListError } from "../../worker/jobs/doge/sync.ts";
import { listText } from "../import/inflate.ts";
import { importList, type PreparedImport, prepareImport } from "../import/load.ts";
import { withDatabase } from "./database.ts";

const usage =
  "usage: npm run import -- <file> [--observed-at <ISO time>] [--commission doge] [--allow-shrink]";

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        "observed-at": { type: "string" },
        commission: { type: "string", default: "doge" },
        "allow-shrink": { type: "boolean", default: false },
      },
    });
  } catch (err) {
    return fail(`${(err as Error).message}\n${usage}`);
  }
})();
const path = positionals[0];
if (!path || positionals.length > 1) fail(usage);

let bytes: Buffer;
try {
  bytes = await readFile(path);
} catch (err) {
  fail(`cannot read ${path}: ${(err as Error).message}`);
}
let list: PreparedImport;
try {
  list = prepareImport(listText(bytes), path, values["observed-at"]);
} catch (err) {
  // An unknown format (naming its columns), a bad row, a missing time: said, nothing written.
  fail((err as Error).message);
}
const { mapped } = list;
console.log(
  `${list.file}: format ${mapped.format.id}, ${mapped.receipts} receipts → ${mapped.drafts.length} ${mapped.kind} claims, observed at ${list.observedAt}`,
);
if (mapped.batches) {
  console.log(
    `  accumulates ${mapped.batches.length} scrapes (${mapped.batches[0]?.seenAt} … ${mapped.batches.at(-1)?.seenAt}): loaded scrape by scrape, never as a complete list`,
  );
  if (values["observed-at"])
    console.log("  --observed-at does not apply: each scrape has its time");
}
if (mapped.unobserved.length) console.log(`  not observed: ${mapped.unobserved.join(", ")}`);
if (mapped.extraColumns.length) {
  console.log(
    `  extra columns (kept in each claim's source record): ${mapped.extraColumns.join(", ")}`,
  );
}

await withDatabase(async (db, where) => {
  // A former slug still names its commission (renamed since).
  const commissionId = await commissionIdBySlug(db, values.commission);
  if (commissionId === undefined) {
    console.error(`error: no commission "${values.commission}" in ${where}; seed it first`);
    process.exitCode = 1;
    return;
  }
  try {
    const { counts, syncMs, scrapes } = await importList(db, list, commissionId, {
      ...(values["allow-shrink"] ? { maxShrink: 1 } : {}),
    });
    const through = scrapes === undefined ? "" : ` from ${scrapes} newer scrapes`;
    console.log(
      `imported into ${where}${through}: ${counts.inserted} new, ${counts.changed} changed, ${counts.removed} removed (${counts.fetched} receipts; mapped in ${list.mapMs} ms, synced in ${syncMs} ms)`,
    );
  } catch (err) {
    if (!(err instanceof OlderListError || err instanceof ShrinkError)) throw err;
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
  }
});
