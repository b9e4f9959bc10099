/**
 * `npm run job` with USAspending unreachable (its URL pointed at a closed port): every award
 * lookup fails at once. The command must say why, with the upstream's error and the retry
 * schedule, and return instead of polling the queue for 30 minutes; the queue stays the Worker's.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveApi, startLiveApi } from "./stack.ts";

/** A port that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

let api: LiveApi;
beforeAll(async () => {
  api = await startLiveApi({
    fixtures: true,
    vars: {
      USASPENDING_API_URL: `http://127.0.0.1:${await closedPort()}`,
      // Budget enough for one run to send the whole backlog (100 awards a send).
      JOB_MAX_SUBREQUESTS: "100",
      JOB_FETCH_TIMEOUT_MS: "3000",
    },
  });
  // The seed and wrangler dev take a while on a busy machine.
}, 300_000);
afterAll(() => api?.close());

type Lookups = { pending: number; retrying_errors: { last_error: string }[] };

describe("npm run job with the award lookups failing", () => {
  it("prints the upstream's error and the retry schedule, and returns, leaving the queue to the Worker", async () => {
    const script = fileURLToPath(new URL("../../dev/cli/job.ts", import.meta.url));
    const started = Date.now();
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script], {
      env: { ...process.env, PORT: new URL(api.url).port },
      timeout: 8 * 60_000,
    }).catch((err: { stdout?: string; stderr?: string; code?: number }) => {
      // It exits 1 when a step's run failed (the recipients' lookups fail too): not the point.
      if (err.stdout === undefined) throw err;
      return { stdout: err.stdout, stderr: err.stderr ?? "" };
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`npm run job returned in ${seconds.toFixed(0)} s:\n${stdout}\n${stderr}`);

    expect(stdout).toContain("the award lookups are failing");
    expect(stdout).toContain("retries each lookup after 30 s, 1 min, 2 min, 4 min, 8 min");
    // The queue is left to the Worker: lookups still pending, and their error is what was printed.
    const state = (await (await api.fetch("/v1/jobs/award-lookups")).json()) as Lookups;
    expect(state.pending).toBeGreaterThan(0);
    const printed = stdout.split("\n").filter((l) => /^ {4}\S+: /.test(l));
    expect(printed.length).toBeGreaterThan(0);
    const error = state.retrying_errors[0]?.last_error ?? "";
    expect(error).not.toBe("");
    expect(printed.some((l) => l.includes(error.slice(0, 40)))).toBe(true);
    // It did not wait out the retries (the first alone is 30 s after each failure, the last 8 min).
    expect(seconds).toBeLessThan(5 * 60);
  }, 600_000);
});
