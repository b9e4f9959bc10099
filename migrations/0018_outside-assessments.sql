CREATE TYPE "public"."assessor_kind" AS ENUM('press', 'auditor', 'think_tank', 'analyst', 'self_reported', 'audited_party');--> statement-breakpoint
CREATE TABLE "cost_estimates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cost_estimates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commission_id" integer NOT NULL,
	"estimator" text NOT NULL,
	"estimator_kind" text NOT NULL,
	"published_on" text,
	"cost" text NOT NULL,
	"low" numeric,
	"high" numeric,
	"currency" text NOT NULL,
	"period" text,
	"what" text,
	"source_url" text NOT NULL,
	"source_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outside_assessment_versions" (
	"assessment_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outside_assessment_versions_assessment_id_version_pk" PRIMARY KEY("assessment_id","version")
);
--> statement-breakpoint
CREATE TABLE "outside_assessments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outside_assessments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commission_id" integer NOT NULL,
	"assessor" text NOT NULL,
	"assessor_kind" "assessor_kind" NOT NULL,
	"published_on" text,
	"scope" text NOT NULL,
	"claimed" numeric,
	"claimed_basis" text,
	"assessed_low" numeric,
	"assessed_high" numeric,
	"currency" text NOT NULL,
	"finding" text NOT NULL,
	"source_url" text NOT NULL,
	"source_kind" text,
	"version" integer DEFAULT 1 NOT NULL,
	"retracted_at" timestamp with time zone,
	"retraction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cost_estimates" ADD CONSTRAINT "cost_estimates_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_assessment_versions" ADD CONSTRAINT "outside_assessment_versions_assessment_id_outside_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."outside_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_assessments" ADD CONSTRAINT "outside_assessments_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_estimates_commission_idx" ON "cost_estimates" USING btree ("commission_id");--> statement-breakpoint
CREATE INDEX "outside_assessments_commission_idx" ON "outside_assessments" USING btree ("commission_id");