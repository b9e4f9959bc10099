/**
 * `npm run example [-- --write]`: recompute METHODOLOGY.md's two worked examples under
 * methodology version 2 and print them; `--write` puts each into the document between its
 * markers, and nothing else. A test checks the committed numbers against the same computation.
 * - the archive example: DOGE's 2025-04-04 contract list, claims against the FPDS records;
 * - the FPDS example: DOGE's 2025-03-05 list, contract values against the FPDS records.
 */
import { readFile, writeFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { renderArchiveExample, renderFpdsExample } from "../example/render.ts";
import { archiveExample, fpdsExample } from "../example/worked-example.ts";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFile(new URL(path, root));
const [archive, list, fpds, commissions] = await Promise.all([
  read("data/archive/contracts-2025-04-04.csv.gz"),
  read("data/fpds/doge-contracts-2025-03-05.csv"),
  read("data/fpds/fpds-doge-contracts-2025-03-05.csv"),
  read("data/reference/commissions.json"),
]);
// Deobligations count from the commission's start: its own record says when that was.
const start: string = JSON.parse(commissions.toString("utf8")).find(
  (c: { slug: string }) => c.slug === "doge",
).established_on;
const sections = {
  "worked-example": renderArchiveExample(
    archiveExample(gunzipSync(archive).toString("utf8"), start),
  ),
  "worked-example-fpds": renderFpdsExample(
    fpdsExample(list.toString("utf8"), fpds.toString("utf8"), start),
  ),
};
for (const [name, table] of Object.entries(sections)) console.log(`## ${name}\n\n${table}\n`);

if (process.argv.includes("--write")) {
  const file = new URL("METHODOLOGY.md", root);
  let doc = await readFile(file, "utf8");
  // Both marker pairs or nothing: a half-updated document would pass for a current one.
  const missing = Object.keys(sections).flatMap((name) =>
    [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`].filter((m) => !doc.includes(m)),
  );
  if (missing.length) throw new Error(`METHODOLOGY.md lacks the marker(s) ${missing.join(", ")}`);
  for (const [name, table] of Object.entries(sections)) {
    // A replacer function: the table's "$1…" amounts must not be read as capture groups.
    doc = doc.replace(
      new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`),
      (_all, start: string, end: string) => `${start}${table}\n${end}`,
    );
  }
  await writeFile(file, doc);
  console.log("METHODOLOGY.md updated");
}
