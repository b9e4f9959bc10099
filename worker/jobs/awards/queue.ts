import * as v from "valibot";
import { createDb, type Db } from "../../../db/client.ts";
import { giveUpLookup, recordLookupFailure } from "../../../db/queries/award-lookups.ts";
import { assessedRecently } from "../../domain/assessments.ts";
import { type Config, type Env, readConfig } from "../../env.ts";
import { asError } from "../../lib/as-error.ts";
import { AwardLookupSchema } from "../../lib/queue-messages.ts";
import { assessClaims } from "../assess/step.ts";
import { noCounts, runStep, type StepResult } from "../run-step.ts";
import { SubrequestBudget, UpstreamError } from "../sources/http.ts";
import { refreshAward } from "./refresh.ts";

/**
 * The queue of award lookups: the awards step sends one message per award to fetch, and this
 * consumer fetches the award, its transactions and outlays, stores them in one transaction and
 * re-assesses the claims. Names and limits are configured in wrangler.toml (`[[queues.*]]`).
 */

/** `sendBatch` takes at most 100 messages. */
export const SEND_BATCH = 100;
/**
 * How long a sent award is left alone by the next ticks: longer than its message's retries take
 * (30 s doubling, five retries: about 16 minutes), so an award is never on the queue twice.
 */
export const LEASE_MINUTES = 60;
/** The dead-letter queue's name ends so (wrangler.toml names both queues). */
const DEAD_LETTER_SUFFIX = "-dlq";
/**
 * Requests one message may make: the award, its transactions (5,000 a page), and when the key
 * is unknown the PIID search, the found award and its transactions.
 */
const REQUESTS_PER_MESSAGE = 10;
/** While a backlog drains, the claims are assessed at most this often (seconds). */
const ASSESS_EVERY_S = 30;
/** Longest delay a retry may ask for (the Queues limit is 12 hours). */
const MAX_DELAY_SECONDS = 12 * 60 * 60;

/**
 * The Worker's `queue` handler: lookups from the queue of award lookups, or the dead letters of
 * those that failed every retry. Each batch is recorded as a job run (`award-lookups`, or
 * `award-dead-letters`), so `/v1/jobs/runs` counts what was fetched and what failed.
 */
export async function consumeAwardLookups(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = readConfig(env);
  const { db, close } = createDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  try {
    const dead = batch.queue.endsWith(DEAD_LETTER_SUFFIX);
    const todo = lookups(batch);
    const run = await runStep(
      db,
      dead ? "award-dead-letters" : "award-lookups",
      `queue:${batch.queue}`,
      () =>
        dead
          ? buryDeadLetters(db, todo)
          : // Messages still waiting behind this batch (unknown: as if none).
            lookUpAwards(db, config, todo, batch.metadata?.metrics?.backlogCount ?? 0),
    );
    // The database failed under the batch (recording a failure needs it too): every message not
    // settled yet is delivered again, later. (retryAll would redeliver the acknowledged too.)
    if (run.status === "failed") {
      for (const { msg, settled } of todo) if (!settled.done) msg.retry({ delaySeconds: 60 });
    }
  } finally {
    await close();
  }
}

type Lookup = { msg: Message<unknown>; awardId: string; settled: { done: boolean } };

/** The messages' awards, each settled once: a malformed message is acknowledged and dropped. */
function lookups(batch: MessageBatch<unknown>): Lookup[] {
  return batch.messages.flatMap((msg) => {
    const parsed = v.safeParse(AwardLookupSchema, msg.body);
    if (parsed.success) return [{ msg, awardId: parsed.output.awardId, settled: { done: false } }];
    console.error(`award lookups: dropped a malformed message ${msg.id}`);
    msg.ack();
    return [];
  });
}

/** The counts of a run that looks awards up: nothing yet, and complete until a budget runs out. */
export function lookupCounts(): StepResult {
  return { ...noCounts(), failed: 0 };
}

async function lookUpAwards(
  db: Db,
  config: Config,
  todo: Lookup[],
  backlog: number,
): Promise<StepResult> {
  const counts = lookupCounts();
  // A few at once: the upstream's latency dominates. On the embedded database
  // AWARD_LOOKUP_CONCURRENCY is 1, so readers always find a connection.
  const workers = Array.from({ length: Math.min(config.AWARD_LOOKUP_CONCURRENCY, todo.length) });
  let next = 0;
  await Promise.all(
    workers.map(async () => {
      for (let item = todo[next++]; item; item = todo[next++]) {
        const { msg, awardId, settled } = item;
        const policy = {
          budget: new SubrequestBudget(REQUESTS_PER_MESSAGE),
          timeoutMs: config.JOB_FETCH_TIMEOUT_MS,
          // The queue retries, with its own delays: a failed request fails the message at once.
          retries: 0,
          baseDelayMs: 0,
          maxDelayMs: 0,
        };
        try {
          const saved = await refreshAward(db, config.USASPENDING_API_URL, policy, awardId);
          msg.ack();
          settled.done = true;
          counts.fetched += 1;
          if (saved.inserted) counts.inserted += 1;
          else counts.changed += 1;
        } catch (err) {
          await recordLookupFailure(db, awardId, asError(err).message, { final: false });
          msg.retry({ delaySeconds: retryDelaySeconds(err, msg.attempts) });
          settled.done = true;
          counts.failed = (counts.failed ?? 0) + 1;
        }
      }
    }),
  );
  if (counts.fetched > 0 && (backlog === 0 || !(await assessedRecently(db, ASSESS_EVERY_S)))) {
    // Duplicates and task orders under vehicles depend on other claims, so the claims are
    // assessed by the assess step's own query: those whose award (or anything else) changed
    // since. Its cost is the query over every claim, not the batch's few: while a backlog
    // drains, at most every ASSESS_EVERY_S, and all that is left by the batch that empties it.
    // The awards are stored and acknowledged whatever happens here: a failed or partial pass
    // (5,000 claims a version) is finished by the next batch or the cron's assess step.
    try {
      await assessClaims(db);
    } catch (err) {
      console.error(`award lookups: assessing after the batch failed: ${asError(err).message}`);
    }
  }
  return counts;
}

/**
 * How long a failed message waits: what a 429's Retry-After asked for, or 30 s doubling with
 * each attempt (30 s, 1 min, 2 min …), at most 12 hours.
 */
export function retryDelaySeconds(err: unknown, attempts: number): number {
  const asked = err instanceof UpstreamError ? err.retryAfterMs : undefined;
  const seconds =
    asked !== undefined ? Math.ceil(asked / 1000) : 30 * 2 ** Math.max(0, attempts - 1);
  return Math.min(MAX_DELAY_SECONDS, Math.max(1, seconds));
}

/** Dead letters: each award recorded as failed (its last error kept) and backed off. */
async function buryDeadLetters(db: Db, todo: Lookup[]): Promise<StepResult> {
  const counts = lookupCounts();
  for (const { msg, awardId, settled } of todo) {
    await giveUpLookup(db, awardId, "its queue message failed every retry", msg.attempts);
    msg.ack();
    settled.done = true;
    counts.failed = (counts.failed ?? 0) + 1;
  }
  return counts;
}
