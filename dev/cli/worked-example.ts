/**
 * `npm run example [-- --write]`: recompute METHODOLOGY.md's worked example (DOGE's 2025-03-05
 * contract list against its FPDS records) and print it; `--write` puts it into the document
 * between its markers. A test checks the committed numbers against the same computation.
 */
import { readFile, writeFile } from "node:fs/promises";
import { renderExample } from "../example/render.ts";
import { workedExample } from "../example/worked-example.ts";

const root = new URL("../../", import.meta.url);
const [list, fpds] = await Promise.all([
  readFile(new URL("data/fpds/doge-contracts-2025-03-05.csv", root), "utf8"),
  readFile(new URL("data/fpds/fpds-doge-contracts-2025-03-05.csv", root), "utf8"),
]);
const table = renderExample(workedExample(list, fpds));
console.log(table);
if (process.argv.includes("--write")) {
  const file = new URL("METHODOLOGY.md", root);
  const doc = await readFile(file, "utf8");
  // A replacer function: the table's "$1…" amounts must not be read as capture groups.
  const updated = doc.replace(
    /(<!-- worked-example:start -->\n)[\s\S]*?(<!-- worked-example:end -->)/,
    (_all, start: string, end: string) => `${start}${table}\n${end}`,
  );
  if (updated === doc && !doc.includes(table))
    throw new Error("METHODOLOGY.md has no worked-example markers");
  await writeFile(file, updated);
  console.log("METHODOLOGY.md updated");
}
