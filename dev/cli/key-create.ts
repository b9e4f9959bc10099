/**
 * `npm run key:create -- --name "Jane Reporter" --role editor|admin|subscriber`: make an API key against
 * DATABASE_URL (or the embedded database, with `npm start` stopped). The secret is printed once
 * and never stored; only its SHA-256 is.
 */
import { parseArgs } from "node:util";
import { createKey } from "../../worker/domain/keys.ts";
import { withDatabase } from "./database.ts";

const { values } = parseArgs({
  options: { name: { type: "string" }, role: { type: "string", default: "editor" } },
});
const name = values.name?.trim();
const role = values.role;
if (
  !name ||
  name.length > 100 ||
  (role !== "editor" && role !== "admin" && role !== "subscriber")
) {
  console.error(
    'usage: npm run key:create -- --name "<who, 1–100 characters>" --role editor|admin|subscriber',
  );
  process.exit(2);
}

await withDatabase(async (db, where) => {
  const { row, secret } = await createKey(db, {
    name,
    role,
    who: { actor: "cli", requestId: null },
  });
  console.log(`created ${role} key #${row.id} "${name}" in ${where}`);
  console.log(`secret (shown once, store it now): ${secret}`);
});
