/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database). */
import { migrateDatabase } from "../migrate.ts";
import { withDatabase } from "./database.ts";

await withDatabase(async (db, where) => {
  await migrateDatabase(db);
  console.log(`migrations applied to ${where}`);
});
