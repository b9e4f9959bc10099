CREATE TABLE "claim_changes" (
	"proposal_id" bigint PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proposals_award_key_idx" ON "proposals" USING btree ((case
    when kind = 'contract' and piid is not null and contracting_agency_id is not null
      then 'CONT_AWD_' || piid || '_' || contracting_agency_id || '_' ||
        coalesce(parent_piid, '-NONE-') || '_' || coalesce(parent_agency_id, '-NONE-')
    else award_id end));--> statement-breakpoint
CREATE INDEX "proposals_parent_piid_idx" ON "proposals" USING btree ("parent_piid");