-- A slug is an identifier others link to: once a commission holds it, no other commission may
-- take it, even after a rename. `commission_slugs` becomes the register of every slug a
-- commission holds or held (its primary key is the reservation), and a trigger registers each
-- slug a commission is given, on any path (API, seed, job, SQL), refusing one registered to
-- another commission. Drizzle's schema cannot declare triggers; this is its custom migration.
INSERT INTO "commission_slugs" ("slug", "commission_id", "renamed_at")
SELECT "slug", "id", "created_at" FROM "commissions"
ON CONFLICT ("slug") DO UPDATE SET "commission_id" = excluded."commission_id";
--> statement-breakpoint
CREATE FUNCTION "commission_slug_register"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- ON CONFLICT waits for a concurrent writer of the same slug, so two cannot both take it.
  INSERT INTO "commission_slugs" ("slug", "commission_id") VALUES (NEW."slug", NEW."id")
  ON CONFLICT ("slug") DO NOTHING;
  IF NOT EXISTS (
    SELECT 1 FROM "commission_slugs" WHERE "slug" = NEW."slug" AND "commission_id" = NEW."id"
  ) THEN
    RAISE EXCEPTION 'slug "%" names another commission, now or before', NEW."slug"
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'commissions_slug_unique',
        COLUMN = 'slug', TABLE = 'commissions';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "commissions_slug_registered" AFTER INSERT OR UPDATE OF "slug" ON "commissions"
FOR EACH ROW EXECUTE FUNCTION "commission_slug_register"();
--> statement-breakpoint
-- A commission's `lists_last_changed_at` is the newest observed time of a `source:` version of
-- its claims. Versions are append-only, so it only moves forward: each insert statement moves it
-- to the newest time it added (one update per commission per statement, not per row).
UPDATE "commissions" SET "lists_last_changed_at" = latest."at"
FROM (
  SELECT p."commission_id", max(v."observed_at") AS "at"
  FROM "proposal_versions" v JOIN "proposals" p ON p."id" = v."proposal_id"
  WHERE v."actor" LIKE 'source:%'
  GROUP BY p."commission_id"
) latest
WHERE "commissions"."id" = latest."commission_id";
--> statement-breakpoint
CREATE FUNCTION "commission_lists_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "commissions" c SET "lists_last_changed_at" = added."at"
  FROM (
    SELECT p."commission_id", max(v."observed_at") AS "at"
    FROM "new_versions" v JOIN "proposals" p ON p."id" = v."proposal_id"
    WHERE v."actor" LIKE 'source:%'
    GROUP BY p."commission_id"
  ) added
  WHERE c."id" = added."commission_id"
    AND (c."lists_last_changed_at" IS NULL OR c."lists_last_changed_at" < added."at");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "proposal_versions_lists_changed" AFTER INSERT ON "proposal_versions"
REFERENCING NEW TABLE AS "new_versions"
FOR EACH STATEMENT EXECUTE FUNCTION "commission_lists_changed"();
--> statement-breakpoint
-- This database's identity (dataset_identity): made once, here, so every database migrated
-- from scratch (a new deployment, a re-seed, the tests') has its own.
INSERT INTO "dataset_identity" DEFAULT VALUES;
