CREATE TYPE "public"."api_key_role" AS ENUM('editor', 'admin');--> statement-breakpoint
CREATE TYPE "public"."assessment_status" AS ENUM('no_record', 'fully_spent', 'supported', 'overstated', 'duplicate', 'unverifiable');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('running', 'succeeded', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."proposal_kind" AS ENUM('contract', 'grant', 'lease', 'program', 'workforce', 'regulation', 'other');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('proposed', 'announced', 'executed', 'reversed', 'blocked');--> statement-breakpoint
CREATE TABLE "agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"abbreviation" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_aliases" (
	"normalized" text PRIMARY KEY NOT NULL,
	"alias" text NOT NULL,
	"agency_code" text NOT NULL,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assessments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"methodology_version" text NOT NULL,
	"claimed" numeric,
	"verified_low" numeric,
	"verified_high" numeric,
	"potential_avoided" numeric,
	"status" "assessment_status" NOT NULL,
	"duplicate_of" bigint,
	"evidence" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_proposal_version_uq" UNIQUE("proposal_id","methodology_version")
);
--> statement-breakpoint
CREATE TABLE "award_transactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"award_pk" bigint NOT NULL,
	"transaction_key" text NOT NULL,
	"modification_number" text,
	"action_date" date,
	"action_type" text,
	"action_type_description" text,
	"federal_action_obligation" numeric,
	"description" text,
	"raw" jsonb,
	CONSTRAINT "award_transactions_key_uq" UNIQUE("award_pk","transaction_key")
);
--> statement-breakpoint
CREATE TABLE "awards" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "awards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"award_id" text NOT NULL,
	"category" text,
	"piid" text,
	"fain" text,
	"parent_piid" text,
	"awarding_agency_code" text,
	"recipient" text,
	"total_obligation" numeric,
	"base_exercised_options" numeric,
	"base_and_all_options" numeric,
	"total_outlay" numeric,
	"period_start" date,
	"period_end" date,
	"fetched_at" timestamp with time zone NOT NULL,
	"raw" jsonb,
	CONSTRAINT "awards_award_id_unique" UNIQUE("award_id")
);
--> statement-breakpoint
CREATE TABLE "commissions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"established_on" date,
	"scheduled_end_on" date,
	"dissolved_on" date,
	"mandate" text,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "member_versions" (
	"member_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_versions_member_id_version_pk" PRIMARY KEY("member_id","version")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commission_id" integer NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"affiliation" text,
	"appointed_on" date,
	"departed_on" date,
	"notes" text,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"role" "api_key_role" NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text,
	"request_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "job_cursors" (
	"step" text PRIMARY KEY NOT NULL,
	"cursor" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"step" text NOT NULL,
	"trigger" text NOT NULL,
	"status" "job_status" DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{"fetched":0,"inserted":0,"changed":0,"removed":0}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "agency_outlays" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agency_outlays_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"record_date" date NOT NULL,
	"fiscal_year" integer NOT NULL,
	"fiscal_month" integer,
	"line_code" text NOT NULL,
	"classification_id" text,
	"parent_id" text,
	"classification_desc" text NOT NULL,
	"sequence_level" integer,
	"agency_code" text,
	"current_month_net_outlays" numeric,
	"current_fytd_net_outlays" numeric,
	"prior_fytd_net_outlays" numeric,
	"fetched_at" timestamp with time zone NOT NULL,
	"raw" jsonb,
	CONSTRAINT "agency_outlays_line_uq" UNIQUE("record_date","line_code")
);
--> statement-breakpoint
CREATE TABLE "proposal_versions" (
	"proposal_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_versions_proposal_id_version_pk" PRIMARY KEY("proposal_id","version")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commission_id" integer NOT NULL,
	"kind" "proposal_kind" NOT NULL,
	"natural_key" text NOT NULL,
	"agency_name" text,
	"agency_code" text,
	"title" text NOT NULL,
	"description" text,
	"recipient" text,
	"piid" text,
	"contracting_agency_id" text,
	"parent_piid" text,
	"parent_agency_id" text,
	"mod_number" text,
	"fain" text,
	"award_id" text,
	"lease_location" text,
	"lease_sq_ft" integer,
	"claimed_savings" numeric,
	"claimed_value" numeric,
	"claim_date" date,
	"status" "proposal_status" DEFAULT 'announced' NOT NULL,
	"receipt_count" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"source_url" text,
	"source_status" text,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_from_source_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(recipient, ''))) STORED,
	CONSTRAINT "proposals_natural_key_uq" UNIQUE("commission_id","natural_key")
);
--> statement-breakpoint
ALTER TABLE "agency_aliases" ADD CONSTRAINT "agency_aliases_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_duplicate_of_proposals_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_transactions" ADD CONSTRAINT "award_transactions_award_pk_awards_id_fk" FOREIGN KEY ("award_pk") REFERENCES "public"."awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_versions" ADD CONSTRAINT "member_versions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_outlays" ADD CONSTRAINT "agency_outlays_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_versions" ADD CONSTRAINT "proposal_versions_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_aliases_agency_idx" ON "agency_aliases" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "assessments_version_status_idx" ON "assessments" USING btree ("methodology_version","status");--> statement-breakpoint
CREATE INDEX "award_transactions_date_idx" ON "award_transactions" USING btree ("award_pk","action_date");--> statement-breakpoint
CREATE INDEX "awards_piid_idx" ON "awards" USING btree ("piid");--> statement-breakpoint
CREATE INDEX "awards_fain_idx" ON "awards" USING btree ("fain");--> statement-breakpoint
CREATE INDEX "awards_fetched_idx" ON "awards" USING btree ("fetched_at");--> statement-breakpoint
CREATE INDEX "members_commission_idx" ON "members" USING btree ("commission_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_resource_idx" ON "audit_log" USING btree ("resource_type","resource_id");--> statement-breakpoint
CREATE INDEX "job_runs_started_idx" ON "job_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "job_runs_step_idx" ON "job_runs" USING btree ("step","started_at");--> statement-breakpoint
CREATE INDEX "agency_outlays_agency_idx" ON "agency_outlays" USING btree ("agency_code","record_date");--> statement-breakpoint
CREATE INDEX "proposal_versions_created_idx" ON "proposal_versions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "proposals_claim_date_idx" ON "proposals" USING btree ("claim_date","id");--> statement-breakpoint
CREATE INDEX "proposals_claimed_savings_idx" ON "proposals" USING btree ("claimed_savings","id");--> statement-breakpoint
CREATE INDEX "proposals_first_seen_idx" ON "proposals" USING btree ("first_seen_at","id");--> statement-breakpoint
CREATE INDEX "proposals_commission_kind_idx" ON "proposals" USING btree ("commission_id","kind","id");--> statement-breakpoint
CREATE INDEX "proposals_agency_code_idx" ON "proposals" USING btree ("agency_code","id");--> statement-breakpoint
CREATE INDEX "proposals_agency_name_idx" ON "proposals" USING btree ("agency_name");--> statement-breakpoint
CREATE INDEX "proposals_piid_idx" ON "proposals" USING btree ("piid");--> statement-breakpoint
CREATE INDEX "proposals_fain_idx" ON "proposals" USING btree ("fain");--> statement-breakpoint
CREATE INDEX "proposals_award_id_idx" ON "proposals" USING btree ("award_id");--> statement-breakpoint
CREATE INDEX "proposals_removed_idx" ON "proposals" USING btree ("removed_from_source_at");--> statement-breakpoint
CREATE INDEX "proposals_search_idx" ON "proposals" USING gin ("search");