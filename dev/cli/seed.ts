/**
 * `npm run db:seed [-- --reference-only]`: the first-start seed against DATABASE_URL (or the
 * embedded database). `--reference-only` loads the commission, its members and the agencies
 * but not the archived receipts: for production, where the job pulls the live lists.
 */
import { seed } from "../seed.ts";
import { withDatabase } from "./database.ts";

const referenceOnly = process.argv.includes("--reference-only");

await withDatabase(async (db, where) => {
  const result = await seed(db, { lists: referenceOnly ? "none" : "archive" });
  console.log(
    result.seeded
      ? `seeded ${where}: ${result.proposals ?? 0} proposals from ${result.snapshots?.length ?? 0} snapshots`
      : `${where} already holds the seed; nothing done`,
  );
});
