import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { createdAt, timestampTz, updatedAt } from "./columns.ts";
import { apiKeys } from "./operations.ts";

/**
 * A subscriber's webhook: where changes are delivered, which ones (filters; null matches any),
 * and the secret that signs them (Standard Webhooks, `whsec_…`). The secret is kept as is: it
 * must sign every delivery; it is shown to its owner once, on creation.
 */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    apiKeyId: bigint("api_key_id", { mode: "number" })
      .notNull()
      .references(() => apiKeys.id),
    url: text("url").notNull(),
    secret: text("secret").notNull(),
    description: text("description"),
    commission: text("commission"),
    agency: text("agency"),
    state: text("state"),
    /** Kinds of change delivered (`new`, `changed`, …); null for every kind. */
    kinds: text("kinds").array(),
    /** Failures in a row since the last success, and when the first of them happened. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    failingSince: timestampTz("failing_since"),
    pausedAt: timestampTz("paused_at"),
    pausedReason: text("paused_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_subscriptions_key_idx").on(t.apiKeyId)],
);

/**
 * One change delivered to one subscription: unique by (subscription, change), so a change is
 * queued once however often the fan-out sees it. `webhook_id` is the Standard Webhooks
 * `webhook-id`, the same on every attempt, so a receiver can drop a repeat.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: bigint("subscription_id", { mode: "number" })
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    /** `version:<proposal>:<version>` or `verdict:<proposal>:<n>`. */
    changeKey: text("change_key").notNull(),
    webhookId: text("webhook_id").notNull().unique(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    /** pending (queued or retrying), delivered, failed (gave up), held (subscription paused). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseCode: integer("response_code"),
    lastError: text("last_error"),
    nextRetryAt: timestampTz("next_retry_at"),
    lastAttemptAt: timestampTz("last_attempt_at"),
    deliveredAt: timestampTz("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("webhook_deliveries_change_uq").on(t.subscriptionId, t.changeKey),
    index("webhook_deliveries_subscription_idx").on(t.subscriptionId, t.id),
  ],
);

/**
 * The last verdict the fan-out saw per claim (current methodology): a verdict change is a
 * difference from it. `changes` numbers them, so each change has its own key.
 */
export const webhookVerdicts = pgTable("webhook_verdicts", {
  proposalId: bigint("proposal_id", { mode: "number" }).primaryKey(),
  status: text("status").notNull(),
  previous: text("previous"),
  changes: integer("changes").notNull().default(0),
  changedAt: timestampTz("changed_at").notNull().default(sql`now()`),
});

/**
 * Versions the fan-out has matched against the subscriptions, so a version written by a
 * transaction that committed late is still seen once and never twice. Pruned behind the cursor.
 */
export const webhookFannedVersions = pgTable(
  "webhook_fanned_versions",
  {
    proposalId: bigint("proposal_id", { mode: "number" }).notNull(),
    version: integer("version").notNull(),
    writtenAt: timestampTz("written_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.version] }),
    index("webhook_fanned_versions_written_idx").on(t.writtenAt),
  ],
);
