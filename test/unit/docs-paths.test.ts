import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import architecture from "../../ARCHITECTURE.md?raw";
import methodology from "../../METHODOLOGY.md?raw";
import readme from "../../README.md?raw";

/**
 * Every repository path the documents name in code spans (`worker/jobs/crons.ts`, `dev/upstreams/`)
 * exists: a newcomer who follows one finds the file. Patterns (`routes/<resource>/<verb>.ts`,
 * `*.md`) are not paths; a bare file name is named in the context of its folder.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const TOP = /^(\.ci|worker|db|dev|test|data|migrations|bench)\//;

function namedPaths(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? "");
  // `worker/savings/assess.ts:12` names a line of a file.
  const paths = spans.map((span) => span.replace(/:\d+$/, ""));
  return [...new Set(paths.filter((p) => TOP.test(p) && !/[<>*{}|]/.test(p)))];
}

/**
 * The paths of ARCHITECTURE.md's tree: a name at the start of a line, under the folder the
 * lines above it open (two spaces a level); the explanation beside it and its continuation
 * lines (indented past the names' column) are prose.
 */
function treePaths(markdown: string): string[] {
  const tree = /```\n(worker\/[\s\S]*?)```/.exec(markdown)?.[1] ?? "";
  const folders: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^( *)(\S+)/.exec(line);
    if (!m || (m[1] ?? "").length >= 10) continue;
    const depth = (m[1] ?? "").length / 2;
    const name = m[2] ?? "";
    folders.length = depth;
    if (!/[<>*]/.test(name)) paths.push([...folders, name].join(""));
    if (name.endsWith("/")) folders.push(name);
  }
  return paths;
}

describe("the paths the documents name", () => {
  it("exist, every one of ARCHITECTURE.md's tree", () => {
    const paths = treePaths(architecture);
    expect(paths).toContain("worker/jobs/");
    expect(paths).toContain("db/client.ts");
    expect(paths.filter((p) => !existsSync(`${root}${p}`))).toEqual([]);
  });

  for (const [name, text] of [
    ["README.md", readme],
    ["METHODOLOGY.md", methodology],
    ["ARCHITECTURE.md", architecture],
  ] as const) {
    it(`exist, every one of those ${name} names`, () => {
      const paths = namedPaths(text);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((p) => !existsSync(`${root}${p}`))).toEqual([]);
    });
  }

  it("include the README's link to the map of the code", () => {
    expect(readme).toContain("[ARCHITECTURE.md](ARCHITECTURE.md)");
  });
});
