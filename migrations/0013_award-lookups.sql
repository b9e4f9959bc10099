CREATE TABLE "award_lookups" (
	"award_id" text PRIMARY KEY NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"queued_at" timestamp with time zone,
	"retry_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "award_lookups_retry_idx" ON "award_lookups" USING btree ("retry_at");