CREATE TABLE "case_agencies" (
	"case_id" bigint NOT NULL,
	"agency_id" text NOT NULL,
	"agency_code" text,
	CONSTRAINT "case_agencies_case_id_agency_id_pk" PRIMARY KEY("case_id","agency_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commission_id" integer NOT NULL,
	"docket" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"filed_on" date,
	"status" text,
	"url" text NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_docket_unique" UNIQUE("docket")
);
--> statement-breakpoint
CREATE TABLE "outcome_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outcome_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date,
	"as_of" date NOT NULL,
	"evidence" text NOT NULL,
	"recorded_by" text NOT NULL,
	"actor" text NOT NULL,
	"source_name" text NOT NULL,
	"source_url" text NOT NULL,
	"modification_number" text,
	"action_type" text,
	"action_type_description" text,
	"obligation" numeric,
	"docket" text,
	"amount_trend" text,
	"end_date_trend" text,
	"stated_divergence" text,
	"detail" text,
	"evidence_key" text NOT NULL,
	"request_id" text,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_events_evidence_uq" UNIQUE("proposal_id","evidence_key")
);
--> statement-breakpoint
CREATE TABLE "proposal_outcomes" (
	"proposal_id" bigint PRIMARY KEY NOT NULL,
	"outcome" text,
	"outcome_event_id" bigint,
	"outcome_on" date,
	"divergence" text,
	"derived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_agencies" ADD CONSTRAINT "case_agencies_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_agencies" ADD CONSTRAINT "case_agencies_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_events" ADD CONSTRAINT "outcome_events_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_outcomes" ADD CONSTRAINT "proposal_outcomes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_outcomes" ADD CONSTRAINT "proposal_outcomes_outcome_event_id_outcome_events_id_fk" FOREIGN KEY ("outcome_event_id") REFERENCES "public"."outcome_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_agencies_agency_idx" ON "case_agencies" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "outcome_events_created_idx" ON "outcome_events" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "proposal_outcomes_outcome_idx" ON "proposal_outcomes" USING btree ("outcome","proposal_id");--> statement-breakpoint
CREATE INDEX "proposal_outcomes_divergence_idx" ON "proposal_outcomes" USING btree ("divergence","proposal_id");