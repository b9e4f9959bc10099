CREATE TABLE "job_locks" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_staging" (
	"list" text NOT NULL,
	"page" integer NOT NULL,
	"total" integer NOT NULL,
	"items" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_staging_list_page_pk" PRIMARY KEY("list","page")
);
--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "complete" boolean DEFAULT true NOT NULL;