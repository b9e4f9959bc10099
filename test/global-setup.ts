import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { listSnapshots } from "../dev/seed.ts";
import { startStack } from "../dev/stack.ts";
import { startDogeFixture } from "../dev/upstreams/doge.ts";
import { startFiscalDataFixture } from "../dev/upstreams/fiscaldata.ts";
import { startBlackhole } from "../dev/upstreams/server.ts";
import { startUsaspendingFixture } from "../dev/upstreams/usaspending.ts";
import { startWebhookReceiver } from "../dev/upstreams/webhook-receiver.ts";

/**
 * The same local stack as `npm start`, on free ports with a database of its own: in-memory
 * PGlite by default, or a fresh database created on the server at DATABASE_URL (dropped after).
 */
export default async function setup(project: TestProject) {
  const stack = await startStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    isolated: true,
    // The API snapshots: the fake DOGE API below serves the newest of each, so a job run starts
    // from where the seed ends. The whole archive is loaded by test/live/archive-seed.test.ts.
    seed: "api",
    log: (line) => console.log(`[test stack] ${line}`),
  });
  // The fake DOGE API serves the newest snapshot of each kind: what the seed ends on.
  const newest: Record<string, string> = {};
  for (const s of await listSnapshots()) {
    newest[s.kind] = fileURLToPath(new URL(`../data/doge/${s.file}`, import.meta.url));
  }
  const doge = await startDogeFixture(newest);
  // The first archived lists, for tests that load a commission from scratch and then move on.
  const first = (file: string) => fileURLToPath(new URL(`../data/doge/${file}`, import.meta.url));
  const dogeFirst = await startDogeFixture({
    contracts: first("contracts-2025-04-12.json"),
    leases: first("leases-2025-04-12.json"),
  });
  const usaspending = await startUsaspendingFixture(
    fileURLToPath(new URL("../data/fpds/fpds-doge-contracts-2025-03-05.csv", import.meta.url)),
  );
  const fiscaldata = await startFiscalDataFixture(
    fileURLToPath(new URL("../data/reference/agencies.json", import.meta.url)),
  );
  const blackhole = await startBlackhole();
  const receiver = await startWebhookReceiver();

  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("wsProxy", stack.wsProxy);
  project.provide("dogeApiUrl", doge.url);
  project.provide("dogeFirstApiUrl", dogeFirst.url);
  project.provide("blackholePort", blackhole.port);
  project.provide("usaspendingApiUrl", usaspending.url);
  project.provide("fiscaldataApiUrl", fiscaldata.url);
  project.provide("webhookReceiverUrl", receiver.url);

  return async () => {
    await blackhole.close();
    await receiver.close();
    await usaspending.close();
    await fiscaldata.close();
    await doge.close();
    await dogeFirst.close();
    await stack.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    wsProxy: string;
    dogeApiUrl: string;
    dogeFirstApiUrl: string;
    blackholePort: number;
    usaspendingApiUrl: string;
    fiscaldataApiUrl: string;
    webhookReceiverUrl: string;
  }
}
