CREATE TABLE "member_affiliations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_affiliations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"organization" text NOT NULL,
	"relation" text NOT NULL,
	"title" text,
	"start_on" date,
	"start_precision" date_precision DEFAULT 'unknown' NOT NULL,
	"end_on" date,
	"end_precision" date_precision DEFAULT 'unknown' NOT NULL,
	"recipient_uei" text,
	"recipient_name" text,
	"source_url" text NOT NULL,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recipient_award_searches" (
	"affiliation_id" bigint PRIMARY KEY NOT NULL,
	"searched_by" text,
	"searched_text" text,
	"fetched_at" timestamp with time zone,
	"source_url" text,
	"source" text,
	"source_note" text,
	"complete" boolean,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"retry_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "recipient_awards" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recipient_awards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"affiliation_id" bigint NOT NULL,
	"award_id" text NOT NULL,
	"award_key" text,
	"type_group" text NOT NULL,
	"recipient_name" text,
	"recipient_uei" text,
	"awarding_agency" text,
	"amount" numeric,
	"start_date" date,
	"end_date" date,
	"raw" jsonb,
	CONSTRAINT "recipient_awards_uq" UNIQUE("affiliation_id","award_id")
);
--> statement-breakpoint
ALTER TABLE "member_affiliations" ADD CONSTRAINT "member_affiliations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recipient_award_searches" ADD CONSTRAINT "recipient_award_searches_affiliation_id_member_affiliations_id_fk" FOREIGN KEY ("affiliation_id") REFERENCES "public"."member_affiliations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recipient_awards" ADD CONSTRAINT "recipient_awards_affiliation_id_recipient_award_searches_affiliation_id_fk" FOREIGN KEY ("affiliation_id") REFERENCES "public"."recipient_award_searches"("affiliation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_affiliations_member_idx" ON "member_affiliations" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "recipient_awards_affiliation_idx" ON "recipient_awards" USING btree ("affiliation_id");