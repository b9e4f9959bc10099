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
