import { createDb, type Db } from "../../db/client.ts";
import { failInterruptedRuns, recordSkippedRun } from "../../db/queries/jobs.ts";
import { acquireLock, releaseLock } from "../../db/queries/locks.ts";
import type { JobCounts } from "../../db/schema/index.ts";
import { fanOutChanges } from "../domain/webhooks.ts";
import { type Config, type Env, readConfig } from "../env.ts";
import { asError } from "../lib/as-error.ts";
import { purgeReadCache } from "../lib/read-cache.ts";
import { assessStep } from "./assess/step.ts";
import { recipientAwardsStep } from "./awards/recipients.ts";
import { awardsStep } from "./awards/step.ts";
import { CRON_STEPS, type StepName } from "./crons.ts";
import { dogeReceiptsStep } from "./doge/step.ts";
import { outlaysStep } from "./outlays/step.ts";
import { runStep, type StepContext, type StepResult } from "./run-step.ts";
import { snapshotStep } from "./snapshot/step.ts";
import { SubrequestBudget } from "./sources/http.ts";

const STEPS: Record<StepName, (db: Db, ctx: StepContext) => Promise<StepResult>> = {
  "doge-receipts": dogeReceiptsStep,
  awards: awardsStep,
  "recipient-awards": recipientAwardsStep,
  assess: assessStep,
  outlays: outlaysStep,
  snapshot: snapshotStep,
};

/** Longer than any run can last; a run that died holds the lock no longer than this. */
const LOCK_LEASE_SECONDS = 15 * 60;
const LOCK = "pipeline";

/** The Cron Trigger entry: a thin dispatcher from the schedule to its steps. */
export async function runCron(cron: string, env: Env) {
  const steps: readonly StepName[] | undefined = CRON_STEPS[cron as keyof typeof CRON_STEPS];
  if (!steps) {
    console.error(`no steps for cron "${cron}"`);
    return [];
  }
  return runSteps(steps, env, `cron:${cron}`);
}

/**
 * Run steps in order under the pipeline lock, sharing one subrequest budget. A run that finds
 * the lock taken records itself as skipped and touches nothing.
 */
export async function runSteps(steps: readonly StepName[], env: Env, trigger: string) {
  const config = readConfig(env);
  const { db, close } = createDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  const holder = `${trigger}:${crypto.randomUUID()}`;
  try {
    if (!(await acquireLock(db, LOCK, holder, LOCK_LEASE_SECONDS))) {
      await recordSkippedRun(db, steps.join(","), trigger, "another run holds the pipeline lock");
      return [];
    }
    try {
      await failInterruptedRuns(db);
      const ctx = {
        config,
        policy: fetchPolicy(config),
        awardQueue: env.AWARD_LOOKUPS,
        exports: env.EXPORTS,
      };
      const results = [];
      for (const step of steps) {
        results.push({
          step,
          ...(await runStep(db, step, trigger, (runId) => STEPS[step](db, { ...ctx, runId }))),
        });
      }
      // Subscribers are told of the run's changes (new versions, verdicts); a failure here
      // changes nothing the run wrote, and the next run or write picks the changes up.
      try {
        await fanOutChanges(db, env.WEBHOOK_DELIVERIES, { verdicts: true });
      } catch (err) {
        console.error(`webhooks: the fan-out failed: ${asError(err).message}`);
      }
      // Readers see what the run changed at once, not when their cached copies age out.
      if (config.PUBLIC_URL && results.some(wroteData)) await purgeReadCache(config.PUBLIC_URL);
      return results;
    } finally {
      await releaseLock(db, LOCK, holder);
    }
  } finally {
    await close();
  }
}

function wroteData(run: { counts?: JobCounts }): boolean {
  const c = run.counts;
  // A new dataset snapshot changes /v1/exports too.
  return c !== undefined && c.inserted + c.changed + c.removed + (c.written ?? 0) > 0;
}

function fetchPolicy(config: Config) {
  return {
    budget: new SubrequestBudget(config.JOB_MAX_SUBREQUESTS),
    timeoutMs: config.JOB_FETCH_TIMEOUT_MS,
    retries: 3,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
  };
}
