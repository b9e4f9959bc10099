import { createDb, type Db } from "../../db/client.ts";
import { acquireLock, failInterruptedRuns, releaseLock } from "../../db/queries/staging.ts";
import { type JobCounts, jobRuns } from "../../db/schema/index.ts";
import { type Config, type Env, readConfig } from "../env.ts";
import { purgeReadCache } from "../middleware/cache.ts";
import { assessStep } from "./assess/step.ts";
import { recipientAwardsStep } from "./awards/recipients.ts";
import { awardsStep } from "./awards/step.ts";
import { CRON_STEPS, type StepName } from "./crons.ts";
import { dogeReceiptsStep } from "./doge/step.ts";
import { outlaysStep } from "./outlays/step.ts";
import { runStep, type StepContext, type StepResult } from "./run-step.ts";
import { SubrequestBudget } from "./sources/http.ts";

const STEPS: Record<StepName, (db: Db, ctx: StepContext) => Promise<StepResult>> = {
  "doge-receipts": dogeReceiptsStep,
  awards: awardsStep,
  "recipient-awards": recipientAwardsStep,
  assess: assessStep,
  outlays: outlaysStep,
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
      await db.insert(jobRuns).values({
        step: steps.join(","),
        trigger,
        status: "skipped",
        error: "another run holds the pipeline lock",
        finishedAt: new Date().toISOString(),
      });
      return [];
    }
    try {
      await failInterruptedRuns(db);
      const ctx = { config, policy: fetchPolicy(config), awardQueue: env.AWARD_LOOKUPS };
      const results = [];
      for (const step of steps) {
        results.push({ step, ...(await runStep(db, step, trigger, () => STEPS[step](db, ctx))) });
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
  return c !== undefined && c.inserted + c.changed + c.removed > 0;
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
