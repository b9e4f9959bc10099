CREATE TABLE "source_lists" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "source_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commission_id" integer NOT NULL,
	"kind" "proposal_kind" NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"complete" boolean NOT NULL,
	"partial" text,
	"title" text,
	"receipts" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "source_lists" ADD CONSTRAINT "source_lists_commission_id_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."commissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_lists_kind_idx" ON "source_lists" USING btree ("commission_id","kind","observed_at");