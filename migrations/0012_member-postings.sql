CREATE TYPE "public"."date_precision" AS ENUM('day', 'approximate', 'month', 'unknown');--> statement-breakpoint
CREATE TABLE "member_postings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_postings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"agency_ref" text NOT NULL,
	"agency_name" text NOT NULL,
	"agency_code" text,
	"title" text,
	"posting_type" text,
	"start_on" date,
	"start_precision" date_precision DEFAULT 'unknown' NOT NULL,
	"end_on" date,
	"end_precision" date_precision DEFAULT 'unknown' NOT NULL,
	"source_url" text NOT NULL,
	"source_note" text,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "roster_slug" text;--> statement-breakpoint
ALTER TABLE "member_postings" ADD CONSTRAINT "member_postings_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_postings" ADD CONSTRAINT "member_postings_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_postings_member_idx" ON "member_postings" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_postings_agency_idx" ON "member_postings" USING btree ("agency_code","start_on");--> statement-breakpoint
CREATE UNIQUE INDEX "members_roster_slug_uq" ON "members" USING btree ("commission_id","roster_slug");