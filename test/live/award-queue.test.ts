/**
 * The whole award backlog through the queue of award lookups, as `npm start -- --fixtures` then
 * `npm run job` run it: wrangler dev's local queue (Miniflare) feeding the Worker's consumer,
 * on the embedded PGlite (or the server at DATABASE_URL), while readers keep reading the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveApi, startLiveApi } from "./stack.ts";

let api: LiveApi;
beforeAll(async () => {
  // Budget enough for one run to send the whole backlog (100 awards a send).
  api = await startLiveApi({
    fixtures: true,
    // The readers below ask more than the per-client read and health limits allow (their 429s
    // are not the point here).
    vars: {
      JOB_MAX_SUBREQUESTS: "100",
      RATE_LIMIT_READS: "1000000",
      RATE_LIMIT_HEALTH: "1000000",
    },
  });
});
afterAll(() => api?.close());

type Lookups = { pending: number; retrying: number; failed: number; consuming: number };
type Run = { id: number; step: string; status: string; counts: Record<string, number> };

describe("the queue of award lookups, live", () => {
  it("drains the whole backlog with every identified claim assessed, and readers never turned away", async () => {
    const statuses: number[] = [];
    let reading = true;
    const readers = Array.from({ length: 2 }, async (_, n) => {
      const paths = ["/v1/proposals?limit=20", "/v1/jobs/runs?limit=5", "/healthz"];
      for (let i = 0; reading; i++) {
        const res = await api.fetch(`${paths[(i + n) % paths.length]}`);
        await res.arrayBuffer();
        statuses.push(res.status);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    try {
      const cron = encodeURIComponent("15,45 * * * *");
      await (await api.fetch(`/__scheduled?cron=${cron}`)).text();
      const started = Date.now();
      let awardsRun: Run | undefined;
      let state: Lookups = { pending: -1, retrying: 0, failed: 0, consuming: 0 };
      while (Date.now() - started < 8 * 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const runs = (await (await api.fetch("/v1/jobs/runs?limit=100")).json()) as { data: Run[] };
        awardsRun ??= runs.data.find((r) => r.step === "awards" && r.status !== "running");
        state = (await (await api.fetch("/v1/jobs/award-lookups")).json()) as Lookups;
        // Settled: nothing on the queue, and the last batch done assessing.
        if (awardsRun && state.pending === 0 && state.consuming === 0) break;
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `queued ${awardsRun?.counts.queued} award lookups, drained in ${seconds.toFixed(0)} s; ${statuses.length} reads`,
      );
      expect(awardsRun).toMatchObject({ status: "succeeded" });
      expect(awardsRun?.counts.queued).toBeGreaterThan(1000);
      expect(state).toMatchObject({ pending: 0, retrying: 0, failed: 0 });

      // Every identified claim has its evidence assessed: none left not_assessed.
      const summary = await (await api.fetch("/v1/savings/summary")).text();
      const notAssessed = [...summary.matchAll(/"not_assessed":(\d+)/g)].map((m) => Number(m[1]));
      expect(notAssessed.length).toBeGreaterThan(0);
      expect(notAssessed.every((n) => n === 0)).toBe(true);
    } finally {
      reading = false;
      await Promise.all(readers);
    }
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 600_000);
});
