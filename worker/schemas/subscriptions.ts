import * as v from "valibot";
import { CHANGE_KINDS } from "../domain/webhooks.ts";
import { AgencyCode, Slug, TextField, Timestamp } from "./common.ts";

/** Webhook subscriptions: the bodies a subscriber key sends, and what it reads back. */

const Url = v.pipe(
  v.string(),
  v.maxLength(2048, "must be at most 2048 characters"),
  v.description(
    "Where changes are posted: https, a public host, port 443, no credentials in the URL (http://127.0.0.1 only where WEBHOOK_ALLOW_LOCAL_HTTP=1). One subscription per URL and key.",
  ),
  v.examples(["https://example.org/hooks/cutwatch"]),
);
const Commission = v.nullable(
  v.pipe(
    Slug,
    v.description(
      "Only this commission's claims: its slug, or a former one (it keeps naming the commission after a rename). One that names no commission is a 400.",
    ),
  ),
);
const Agency = v.nullable(
  v.pipe(
    AgencyCode,
    v.description(
      "Only claims at this agency (USAspending toptier code); an unknown code is a 400.",
    ),
  ),
);
const State = v.nullable(
  v.pipe(
    v.string(),
    v.regex(/^[A-Z]{2}$/, "must be a two-letter state code, e.g. VA"),
    v.description(
      "Only claims in this state or territory (two-letter USPS code; an unknown one is a 400). A claim matches once its place is known; one of unknown place matches no state filter.",
    ),
  ),
);
const Kinds = v.nullable(
  v.pipe(
    v.array(v.picklist(CHANGE_KINDS, `each kind must be one of ${CHANGE_KINDS.join(", ")}`)),
    v.minLength(1, "must name at least one kind, or be null for all"),
    v.maxLength(CHANGE_KINDS.length),
    v.description(
      "Kinds of change delivered: new, changed, removed, back (at the source again), retracted, verdict_changed (an assessment's verdict), outcome (an outcome event recorded or retracted for a claim). Null or absent: all.",
    ),
  ),
);
const Description = v.nullable(TextField(200));

export const NewSubscriptionBody = v.strictObject({
  url: Url,
  description: v.optional(Description),
  commission: v.optional(Commission),
  agency: v.optional(Agency),
  state: v.optional(State),
  kinds: v.optional(Kinds),
});

export const SubscriptionPatchBody = v.pipe(
  v.strictObject({
    url: v.optional(Url),
    description: v.optional(Description),
    commission: v.optional(Commission),
    agency: v.optional(Agency),
    state: v.optional(State),
    kinds: v.optional(Kinds),
    paused: v.optional(
      v.pipe(
        v.literal(false, "paused can only be set to false (resume)"),
        v.description("`false` resumes a paused subscription and sends what it held."),
      ),
    ),
  }),
  v.check((b) => Object.keys(b).length > 0, "the body must change something"),
);

export const SubscriptionSchema = v.object({
  id: v.number(),
  url: v.string(),
  description: v.nullable(v.string()),
  commission: v.nullable(v.string()),
  agency: v.nullable(v.string()),
  state: v.nullable(v.string()),
  kinds: v.nullable(v.array(v.string())),
  consecutive_failures: v.number(),
  failing_since: v.nullable(Timestamp),
  paused_at: v.nullable(Timestamp),
  paused_reason: v.pipe(
    v.nullable(v.string()),
    v.description("Why deliveries stopped (failures in a row, or failing for 24 hours)."),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const NewSubscriptionSchema = v.object({
  ...SubscriptionSchema.entries,
  secret: v.pipe(
    v.string(),
    v.description(
      "The signing secret (`whsec_…`), shown this once: verify each delivery's `webhook-signature` with it (Standard Webhooks).",
    ),
  ),
});

export const DeliverySchema = v.object({
  id: v.number(),
  webhook_id: v.pipe(
    v.string(),
    v.description("The `webhook-id` header: the same on every attempt, so receivers can dedupe."),
  ),
  event_type: v.pipe(v.string(), v.description("`change.<kind>`, e.g. `change.new`.")),
  change_key: v.string(),
  status: v.pipe(
    v.picklist(["pending", "sending", "delivered", "failed", "held"]),
    v.description(
      "pending (queued, or waiting for its retry), sending, delivered, failed (given up after 8 attempts), held (the subscription is paused; sent when resumed).",
    ),
  ),
  attempts: v.number(),
  response_code: v.nullable(v.number()),
  last_error: v.pipe(
    v.nullable(v.string()),
    v.description(
      "The class of the last failure only: `the receiver answered <code>`, `the receiver did not answer in time`, `the receiver could not be reached`, or why the URL is refused.",
    ),
  ),
  last_attempt_at: v.nullable(Timestamp),
  next_retry_at: v.nullable(Timestamp),
  delivered_at: v.nullable(Timestamp),
  created_at: Timestamp,
});
