DROP INDEX "proposals_agency_name_idx";--> statement-breakpoint
CREATE INDEX "proposals_claim_date_desc_idx" ON "proposals" USING btree ("claim_date" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "proposals_claimed_savings_desc_idx" ON "proposals" USING btree ("claimed_savings" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "proposals_first_seen_desc_idx" ON "proposals" USING btree ("first_seen_at" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "proposals_agency_name_desc_idx" ON "proposals" USING btree ("agency_name" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "proposals_agency_name_idx" ON "proposals" USING btree ("agency_name","id");