ALTER TYPE "public"."assessment_status" ADD VALUE 'no_saving_claimed';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'not_found';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'unconfirmed';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'exceeds_record';--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "ceiling_cut" numeric;