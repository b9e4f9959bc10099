import { createDb } from "../../db/client.ts";
import { type Env, readConfig } from "../env.ts";
import { CRON_STEPS, type StepName } from "./crons.ts";
import { dogeReceiptsStep } from "./doge/step.ts";
import { runStep } from "./run-step.ts";

const STEPS: Record<StepName, typeof dogeReceiptsStep> = {
  "doge-receipts": dogeReceiptsStep,
};

/** The Cron Trigger entry: a thin dispatcher from the schedule to its steps. */
export async function runCron(cron: string, env: Env) {
  const steps: readonly StepName[] | undefined = CRON_STEPS[cron as keyof typeof CRON_STEPS];
  if (!steps) {
    console.error(`no steps for cron "${cron}"`);
    return [];
  }
  return runSteps(steps, env, `cron:${cron}`);
}

export async function runSteps(steps: readonly StepName[], env: Env, trigger: string) {
  const config = readConfig(env);
  const { db, close } = createDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  try {
    const results = [];
    for (const step of steps) {
      results.push({ step, ...(await runStep(db, step, trigger, () => STEPS[step](db, config))) });
    }
    return results;
  } finally {
    await close();
  }
}
