-- Versions written before observed_at existed: date each as well as the rows allow. A source's
-- first version was observed when the claim was first seen, a removal when the source dropped
-- it; anything else (an edit, a change at the source) keeps when it was written.
UPDATE "proposal_versions" SET "observed_at" = "created_at";--> statement-breakpoint
UPDATE "proposal_versions" v SET "observed_at" = p."first_seen_at"
FROM "proposals" p
WHERE p."id" = v."proposal_id" AND v."version" = 1 AND v."actor" LIKE 'source:%';--> statement-breakpoint
UPDATE "proposal_versions" SET "observed_at" = ("changed_fields"->'removedFromSourceAt'->>'new')::timestamptz
WHERE "actor" LIKE 'source:%' AND "changed_fields"->'removedFromSourceAt'->>'new' IS NOT NULL;
