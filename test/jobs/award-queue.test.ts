import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { awardLookups, awards, awardTransactions, proposals } from "../../db/schema/index.ts";
import worker from "../../worker/index.ts";
import { retryDelaySeconds } from "../../worker/jobs/awards/queue.ts";
import { UpstreamError } from "../../worker/jobs/sources/http.ts";
import wranglerToml from "../../wrangler.toml?raw";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { claimFor as claimOf, lastRun } from "../helpers/jobs.ts";

// The queue consumer driven with the test pool's helpers (createMessageBatch, getQueueResult):
// no pipeline lock is involved, so these tests live apart from the steps' files. Every award
// here is the test's own (a random PIID), served by a scenario of the USAspending stand-in.
const { db, close } = testDb();
const tag = crypto.randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase();
const claims: number[] = [];
afterAll(async () => {
  if (claims.length) {
    await db
      .update(proposals)
      .set({ retractedAt: sql`now()`, retractionReason: "test over" })
      .where(inArray(proposals.id, claims));
  }
  await db.delete(awards).where(like(awards.awardId, `%${tag}%`));
  await db.delete(awards).where(inArray(awards.awardId, [GRANT, MISKEYED_GRANT]));
  await db.delete(awardLookups).where(like(awardLookups.awardId, `%${tag}%`));
  await close();
});

const QUEUE = "cutwatch-award-lookups";
// A grant DOGE listed on 2025-03-30 whose USAspending record the archive holds (the stand-in
// serves it): Purdue's National Defense Education Program award, $2,788,583 obligated.
const GRANT = "ASST_NON_HQ00342110014_97F5";
// Another archived grant's FAIN under an agency part USAspending does not use for it.
const MISKEYED_GRANT = "ASST_NON_HQ00342310014_9700";
const DEAD_LETTERS = "cutwatch-award-lookups-dlq";
const keyOf = (piid: string) => `CONT_AWD_${piid}_9700_-NONE-_-NONE-`;

function award(piid: string) {
  return {
    id: Math.floor(Math.random() * 2 ** 31),
    generated_unique_award_id: keyOf(piid),
    piid,
    category: "contract",
    type: "D",
    total_obligation: 5000,
    total_outlay: 1000,
    base_exercised_options: 5000,
    base_and_all_options: 9000,
  };
}

const tx = (piid: string, mod: string, amount: number) => ({
  id: `CONT_TX_9700_${piid}_${mod}_-NONE-`,
  action_date: "2025-03-01",
  action_type: null,
  action_type_description: "TERMINATE FOR CONVENIENCE",
  modification_number: mod,
  description: null,
  federal_action_obligation: amount,
});

/** A claim of its own commission whose award the queue looks up (kept for clean-up). */
async function claimFor(piid: string) {
  const id = await claimOf(db, piid, "9700", null, {
    title: "A claim whose award is looked up through the queue",
  });
  claims.push(id);
  return id;
}

/** A stand-in serving these awards (some poisoned by a fault) beside the FPDS ones. */
async function scenario(list: unknown[]) {
  const res = await fetch(`${env.USASPENDING_API_URL}/__scenarios`, {
    method: "POST",
    body: JSON.stringify({ awards: list }),
  });
  const { prefix } = (await res.json()) as { prefix: string };
  return `${env.USASPENDING_API_URL}${prefix}`;
}

/** Deliver one batch to the Worker's queue handler; what it acknowledged and retried. */
async function deliver(queue: string, bodies: unknown[], more: Partial<typeof env> = {}) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  // The pool's getQueueResult drops a retry's delay: each message's delay is noted on the way.
  const delays: Record<string, number | undefined> = {};
  for (const msg of batch.messages) {
    const retry = msg.retry.bind(msg);
    msg.retry = (options) => {
      delays[msg.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...more }, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    ...result,
    retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays[r.msgId] })),
  };
}

async function lookupOf(key: string) {
  const [row] = await db.select().from(awardLookups).where(eq(awardLookups.awardId, key));
  return row;
}

describe("the queue of award lookups", () => {
  it("is configured in wrangler.toml: producer, consumer with retries and a dead-letter queue, and its consumer", () => {
    expect(wranglerToml).toMatch(/\[\[queues\.producers\]\]\s*queue = "cutwatch-award-lookups"/);
    const consumer = /\[\[queues\.consumers\]\]\s*queue = "cutwatch-award-lookups"\n([^[]*)/.exec(
      wranglerToml,
    )?.[1];
    expect(consumer).toMatch(/max_batch_size = \d+/);
    expect(consumer).toMatch(/max_concurrency = \d+/);
    expect(consumer).toMatch(/max_retries = \d+/);
    expect(consumer).toContain(`dead_letter_queue = "${DEAD_LETTERS}"`);
    expect(wranglerToml).toMatch(
      /\[\[queues\.consumers\]\]\s*queue = "cutwatch-award-lookups-dlq"/,
    );
  });

  it("fetches each award of a batch, acknowledging the good and retrying the poisoned, none blocking another", async () => {
    const [good, dup, failing, malformed, limited] = ["GOOD", "DUP", "FAIL", "BAD", "SLOW"].map(
      (p) => `Q${p}${tag}`,
    ) as [string, string, string, string, string];
    const url = await scenario([
      { award: award(good), transactions: [tx(good, "P00001", -1500)] },
      {
        award: award(dup),
        transactions: [tx(dup, "P00001", -1500), tx(dup, "P00001", -1500)],
      },
      { award: award(failing), fault: "error" },
      { award: award(malformed), fault: "malformed" },
      { award: award(limited), fault: "rate-limited" },
    ]);
    const ids = await Promise.all([good, dup, failing].map(claimFor));
    const keys = [good, dup, failing, malformed, limited].map(keyOf);
    const result = await deliver(
      QUEUE,
      keys.map((awardId) => ({ awardId })),
      { USASPENDING_API_URL: url },
    );
    expect(result.outcome).toBe("ok");
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    // 30 s for a first failure; what Retry-After asked (1 s) for the 429.
    expect(result.retryMessages.sort((a, b) => a.msgId.localeCompare(b.msgId))).toEqual([
      { msgId: "m2", delaySeconds: 30 },
      { msgId: "m3", delaySeconds: 30 },
      { msgId: "m4", delaySeconds: 1 },
    ]);

    // The good awards are stored (the repeated transaction once) and their claims assessed.
    const stored = await db
      .select({ awardId: awards.awardId, n: sql<number>`count(${awardTransactions.id})::int` })
      .from(awards)
      .leftJoin(awardTransactions, eq(awardTransactions.awardPk, awards.id))
      .where(inArray(awards.awardId, keys))
      .groupBy(awards.awardId);
    expect(stored.sort((a, b) => a.awardId.localeCompare(b.awardId))).toEqual(
      [
        { awardId: keyOf(dup), n: 1 },
        { awardId: keyOf(good), n: 1 },
      ].sort((a, b) => a.awardId.localeCompare(b.awardId)),
    );
    type One = { data: { assessment: { status: string } | null } };
    for (const id of ids.slice(0, 2)) {
      const { data } = await json<One>(await call(`/v1/proposals/${id}`));
      expect(data.assessment?.status).toBe("supported");
    }

    // Each failure is noted against its award, still on the queue (not failed yet).
    for (const [piid, reason] of [
      [failing, /HTTP 500/],
      [malformed, /not JSON/],
      [limited, /HTTP 429/],
    ] as const) {
      const lookup = await lookupOf(keyOf(piid));
      expect(lookup).toMatchObject({ attempts: 1, failedAt: null });
      expect(lookup?.lastError).toMatch(reason);
    }
    const retrying = await (
      await call(`/proposals/${ids[2]}`, { headers: { accept: "text/html" } })
    ).text();
    expect(retrying).toContain("lookup failed");
    expect(retrying).toContain("The queue of award lookups is retrying it.");
    const run = await lastRun(db, "award-lookups");
    expect(run).toMatchObject({ trigger: `queue:${QUEUE}`, status: "succeeded" });
    expect(run?.counts).toMatchObject({ fetched: 2, failed: 3 });

    // After its retries the message is a dead letter: the award is recorded as failed, with
    // its last error, backed off, and shown on its claim's page.
    const dead = await deliver(DEAD_LETTERS, [{ awardId: keyOf(failing) }]);
    expect(dead.explicitAcks).toEqual(["m0"]);
    const lookup = await lookupOf(keyOf(failing));
    expect(lookup?.failedAt).toBeTruthy();
    expect(lookup?.lastError).toMatch(/HTTP 500/);
    expect(new Date(lookup?.retryAt ?? 0).getTime()).toBeGreaterThan(Date.now());
    expect((await lastRun(db, "award-dead-letters"))?.counts).toMatchObject({ failed: 1 });
    const page = await (
      await call(`/proposals/${ids[2]}`, { headers: { accept: "text/html" } })
    ).text();
    expect(page).toContain("lookup failed");
    expect(page).toContain("HTTP 500");
    expect(page).toContain("The job tries again after");
  });

  it("stores the issue's repeated FPDS transaction once (CONT_TX_5000_50310224C0026_P00001_-NONE-)", async () => {
    const key = "CONT_AWD_50310224C0026_5000_-NONE-_-NONE-";
    const upstream = await fetch(`${env.USASPENDING_API_URL}/api/v2/transactions/`, {
      method: "POST",
      body: JSON.stringify({ award_id: key, limit: 100 }),
    });
    const listed = ((await upstream.json()) as { results: { id: string }[] }).results;
    // The stand-in lists it twice, as the two DOGE receipts linking that record made it.
    expect(listed.filter((t) => t.id === "CONT_TX_5000_50310224C0026_P00001_-NONE-")).toHaveLength(
      2,
    );
    const result = await deliver(QUEUE, [{ awardId: key }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    const rows = await db
      .select({ key: awardTransactions.transactionKey })
      .from(awardTransactions)
      .innerJoin(awards, eq(awards.id, awardTransactions.awardPk))
      .where(and(eq(awards.awardId, key)));
    expect(rows.map((r) => r.key)).toEqual(["CONT_TX_5000_50310224C0026_P00001_-NONE-"]);
  });

  it("gives a grant's assistance award the same path: fetched, stored, its claim assessed", async () => {
    const commission = await makeCommission(db);
    const [claim] = await db
      .insert(proposals)
      .values({
        commissionId: commission.id,
        kind: "grant",
        naturalKey: `test:${crypto.randomUUID()}`,
        title: "National Defense Education Program - IQ-PARC",
        source: "editor",
        awardId: GRANT,
        fain: "HQ00342110014",
        recipient: "PURDUE UNIVERSITY",
        claimedSavings: "248010",
      })
      .returning({ id: proposals.id });
    claims.push(claim?.id ?? 0);
    const result = await deliver(QUEUE, [{ awardId: GRANT }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    const [stored] = await db.select().from(awards).where(eq(awards.awardId, GRANT));
    expect(stored).toMatchObject({
      status: "found",
      category: "grant",
      fain: "HQ00342110014",
      recipient: "PURDUE UNIVERSITY",
      awardingAgencyCode: "097",
      totalOutlay: null,
      periodStart: "2021-09-15",
    });
    expect(Number(stored?.totalObligation)).toBe(2788583);
    type One = { data: { assessment: { status: string; verified_high: string | null } | null } };
    const { data } = await json<One>(await call(`/v1/proposals/${claim?.id}`));
    // Nothing taken back on record, payments unknown: the obligation allows the claim at most.
    expect(data.assessment?.status).toBe("unconfirmed");
    expect(Number(data.assessment?.verified_high)).toBe(248010);
  });

  it("finds a grant the direct id misses by its FAIN before recording it as not found", async () => {
    const result = await deliver(QUEUE, [{ awardId: MISKEYED_GRANT }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    const [stored] = await db.select().from(awards).where(eq(awards.awardId, MISKEYED_GRANT));
    expect(stored).toMatchObject({ status: "found", fain: "HQ00342310014", category: "grant" });
    expect(stored?.raw).toMatchObject({
      resolved_award_id: "ASST_NON_HQ00342310014_97F5",
      award_search: { outcome: "resolved", group: "grants" },
    });
  });

  it("drops a malformed message rather than retrying it forever", async () => {
    const result = await deliver(QUEUE, [{ award: "no id" }, "text"]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("backs off 30 s doubling, or as long as a 429's Retry-After asks, at most 12 hours", () => {
    expect([1, 2, 3, 6].map((n) => retryDelaySeconds(new Error("x"), n))).toEqual([
      30, 60, 120, 960,
    ]);
    const limited = new UpstreamError("429", { status: 429, retryAfterMs: 7_500 });
    expect(retryDelaySeconds(limited, 4)).toBe(8);
    expect(retryDelaySeconds(new Error("x"), 40)).toBe(12 * 60 * 60);
  });

  it("runs end to end on the local queue: a message sent is consumed by the Worker and its award stored", async () => {
    // Miniflare implements the queue: the binding's message reaches this Worker's queue handler.
    // Its parent agency known, the unknown key is not searched by PIID: stored as not found.
    const key = `CONT_AWD_QE2E${tag}_9700_PARENT${tag}_9700`;
    await env.AWARD_LOOKUPS?.send({ awardId: key });
    let stored: { status: string } | undefined;
    for (let i = 0; i < 100 && !stored; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [stored] = await db
        .select({ status: awards.status })
        .from(awards)
        .where(eq(awards.awardId, key));
    }
    expect(stored?.status).toBe("not_found");
  });
});
