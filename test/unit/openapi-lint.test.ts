import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";

/**
 * The OpenAPI document as the Worker serves it (the app's own handler, in process: no network),
 * checked by a tool nobody here wrote: Redocly CLI with its recommended rules (redocly.yaml).
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const redocly = join(root, "node_modules/.bin/redocly");

type Operation = { operationId: string; security?: unknown[]; responses: Record<string, unknown> };
type Lint = {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
};

let dir: string;
let doc: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  const res = await createApp().request("/openapi.json");
  expect(res.status).toBe(200);
  doc = await res.json();
  dir = await mkdtemp(join(tmpdir(), "cutwatch-openapi-"));
  await writeFile(join(dir, "openapi.json"), JSON.stringify(doc));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Redocly's lint of the document, as JSON (it exits 1 when it finds an error). */
async function lint(): Promise<Lint> {
  const args = ["lint", join(dir, "openapi.json"), "--config", join(root, "redocly.yaml")];
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
  const run = promisify(execFile)(redocly, [...args, "--format=json"], { env, cwd: dir });
  const { stdout } = await run.catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }));
  return JSON.parse(stdout) as Lint;
}

describe("the served OpenAPI document", () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const result = await lint();
    const problems = result.problems.map(
      (p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`,
    );
    expect(problems).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it("names the API key on exactly the operations that can answer 401, and no other", () => {
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    expect(operations.length).toBeGreaterThan(50);
    for (const op of operations) {
      const keyed = Object.hasOwn(op.responses, "401");
      expect(op.security, op.operationId).toEqual(keyed ? [{ bearer: [] }] : []);
    }
  });
});
