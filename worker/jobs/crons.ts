/**
 * Which steps each Cron Trigger runs. The keys must equal `triggers.crons` in wrangler.toml
 * (a test checks it): a schedule missing from either side would silently never run.
 */
export const CRON_STEPS = {
  "*/30 * * * *": ["doge-receipts"],
} as const satisfies Record<string, readonly StepName[]>;

export const STEP_NAMES = ["doge-receipts"] as const;
export type StepName = (typeof STEP_NAMES)[number];
