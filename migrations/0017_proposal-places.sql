CREATE TABLE "proposal_places" (
	"proposal_id" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"district" text,
	"place_source" text NOT NULL,
	"district_source" text,
	"derived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proposal_places" ADD CONSTRAINT "proposal_places_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_places_state_idx" ON "proposal_places" USING btree ("state","proposal_id");--> statement-breakpoint
CREATE INDEX "proposal_places_district_idx" ON "proposal_places" USING btree ("district","proposal_id");