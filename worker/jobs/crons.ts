/**
 * Which steps each Cron Trigger runs. The keys must equal `triggers.crons` in wrangler.toml
 * (a test checks it): a schedule missing from either side would silently never run.
 */
export const CRON_STEPS = {
  // The commission's lists every half hour; budget records in between, each with a budget of
  // its own (one invocation each).
  "*/30 * * * *": ["doge-receipts"],
  // After the assessments, the day's dataset snapshot (written once a UTC day; later runs skip).
  "15,45 * * * *": ["awards", "assess", "snapshot"],
  // The awards of the recipients members' affiliations name, hourly with a budget of their own:
  // sharing the awards step's, they would wait behind every backlog of claims' awards.
  "5 * * * *": ["recipient-awards"],
  // Treasury publishes the statement monthly: once a day is plenty.
  "0 6 * * *": ["outlays"],
} as const satisfies Record<string, readonly StepName[]>;

export const STEP_NAMES = [
  "doge-receipts",
  "awards",
  "recipient-awards",
  "assess",
  "outlays",
  "snapshot",
] as const;
export type StepName = (typeof STEP_NAMES)[number];
