import type { Db } from "../../../db/client.ts";
import { markQueued, recordLookupFailure } from "../../../db/queries/award-lookups.ts";
import { awardsToFetch } from "../../../db/queries/awards.ts";
import { asError } from "../../lib/as-error.ts";
import type { AwardLookup } from "../../lib/queue-messages.ts";
import { noCounts, type StepContext, type StepResult } from "../run-step.ts";
import { BudgetExhausted } from "../sources/http.ts";
import { LEASE_MINUTES, lookupCounts, SEND_BATCH } from "./queue.ts";
import { refreshAward } from "./refresh.ts";

/** An award fetched more than this long ago is fetched again. */
export const STALE_DAYS = 7;
/**
 * Requests per award when fetched inline: its record and (one page of) its transactions. An
 * award found only through the PIID search costs two more; the run then stops early and the
 * rest wait for the next.
 */
const REQUESTS_PER_AWARD = 2;
/** Awards one run sends to the queue at most: the backlog of the whole archive fits in one. */
const MAX_QUEUED_PER_RUN = 10_000;

/**
 * Decide which awards need a lookup (never fetched, or stale; newest claims first; none still in
 * a failure's backoff or on the queue) and look them up: with the queue of award lookups bound,
 * by sending one message per award; without it (tests, a Worker deployed without Queues),
 * inline, as many as the run's budget allows.
 */
export async function awardsStep(db: Db, ctx: StepContext): Promise<StepResult> {
  return ctx.awardQueue ? queueAwards(db, ctx, ctx.awardQueue) : fetchInline(db, ctx);
}

/**
 * Send the awards to fetch to the queue, a hundred a `sendBatch` (the API's limit). Each send
 * spends one of the run's subrequests; the awards sent are leased so the next tick does not
 * send them again while their messages are retried.
 */
async function queueAwards(
  db: Db,
  { policy }: StepContext,
  queue: Queue<AwardLookup>,
): Promise<StepResult> {
  const counts: StepResult = { ...noCounts(), queued: 0 };
  const room = Math.min(MAX_QUEUED_PER_RUN, policy.budget.left * SEND_BATCH);
  const ids = await awardsToFetch(db, room + 1, STALE_DAYS);
  if (ids.length > room) counts.complete = false;
  const todo = ids.slice(0, room);
  for (let i = 0; i < todo.length; i += SEND_BATCH) {
    const batch = todo.slice(i, i + SEND_BATCH);
    policy.budget.spend();
    // Leased first: a message consumed before the lease is written would have its success
    // (which deletes the lease row) overwritten by the lease.
    await markQueued(db, batch, LEASE_MINUTES);
    await queue.sendBatch(batch.map((awardId) => ({ body: { awardId }, contentType: "json" })));
    counts.queued = (counts.queued ?? 0) + batch.length;
  }
  return counts;
}

/**
 * Fetch each award in turn, each stored in its own transaction. An award whose lookup fails is
 * recorded as failed with its error and backed off, and the run goes on with the next: one bad
 * record never blocks the others, nor changes their evidence. Only a spent budget stops it.
 */
async function fetchInline(db: Db, { config, policy }: StepContext): Promise<StepResult> {
  const counts = lookupCounts();
  const room = Math.floor(policy.budget.left / REQUESTS_PER_AWARD);
  const ids = await awardsToFetch(db, room + 1, STALE_DAYS);
  if (ids.length > room) counts.complete = false;
  for (const awardId of ids.slice(0, room)) {
    let saved: { inserted: boolean };
    try {
      saved = await refreshAward(db, config.USASPENDING_API_URL, policy, awardId);
    } catch (err) {
      if (err instanceof BudgetExhausted) {
        counts.complete = false;
        break;
      }
      await recordLookupFailure(db, awardId, asError(err).message, { final: true });
      counts.failed = (counts.failed ?? 0) + 1;
      continue;
    }
    counts.fetched += 1;
    if (saved.inserted) counts.inserted += 1;
    else counts.changed += 1;
  }
  return counts;
}
