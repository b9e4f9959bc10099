/**
 * Which steps each Cron Trigger runs. The keys must equal `triggers.crons` in wrangler.toml
 * (a test checks it): a schedule missing from either side would silently never run.
 */
export const CRON_STEPS = {
  // The commission's lists every half hour; budget records in between, each with a budget of
  // its own (one invocation each).
  "*/30 * * * *": ["doge-receipts"],
  "15,45 * * * *": ["awards"],
} as const satisfies Record<string, readonly StepName[]>;

export const STEP_NAMES = ["doge-receipts", "awards"] as const;
export type StepName = (typeof STEP_NAMES)[number];
