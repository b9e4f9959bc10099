CREATE TABLE "commission_slugs" (
	"slug" text PRIMARY KEY NOT NULL,
	"commission_id" integer NOT NULL,
	"renamed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commission_slugs" ADD CONSTRAINT "commission_slugs_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE cascade ON UPDATE no action;