ALTER TYPE "public"."assessment_status" ADD VALUE 'unexercised_options';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'not_yet_checked';--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "record_date" date;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "record_predates_claim" boolean;