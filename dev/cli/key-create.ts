/**
 * `npm run key:create -- --name "Jane Reporter" --role editor|admin`: make an API key against
 * DATABASE_URL (or the embedded database, with `npm start` stopped). The secret is printed once
 * and never stored; only its SHA-256 is.
 */
import { parseArgs } from "node:util";
import { writeAudit } from "../../db/queries/audit.ts";
import { insertKey } from "../../db/queries/keys.ts";
import { generateKey } from "../../worker/lib/keys.ts";
import { withDatabase } from "./database.ts";

const { values } = parseArgs({
  options: { name: { type: "string" }, role: { type: "string", default: "editor" } },
});
const name = values.name?.trim();
const role = values.role;
if (!name || name.length > 100 || (role !== "editor" && role !== "admin")) {
  console.error(
    'usage: npm run key:create -- --name "<who, 1–100 characters>" --role editor|admin',
  );
  process.exit(2);
}

await withDatabase(async (db, where) => {
  const key = await generateKey();
  const row = await db.transaction(async (tx) => {
    const stored = await insertKey(tx, {
      name,
      role,
      prefix: key.prefix,
      hash: key.hash,
      createdBy: "cli",
    });
    await writeAudit(tx, {
      actor: "cli",
      action: "key.create",
      resourceType: "api_key",
      resourceId: String(stored.id),
      requestId: null,
      details: { name, role, prefix: key.prefix },
    });
    return stored;
  });
  console.log(`created ${role} key #${row.id} "${name}" in ${where}`);
  console.log(`secret (shown once, store it now): ${key.token}`);
});
