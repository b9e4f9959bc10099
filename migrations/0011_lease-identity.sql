-- A lease is known by its building and its space, `lease:<location>:<sq_ft>` (see
-- worker/jobs/doge/receipts.ts): the agency and date that were in its key were edited by the
-- source from one list to the next, each edit reported as a removal and a new lease. Rows of the
-- older form take the new key, normalized as the sync does (upper case, single spaces, "-" for
-- none). Where one commission has several rows for one lease, the live one (else the one seen
-- last) takes the key and the others get `#2`, `#3`…, as repeats within one list do.
WITH "rekeyed" AS (
  SELECT "id",
    'lease:' || coalesce(nullif(upper(regexp_replace(btrim("lease_location"), '\s+', ' ', 'g')), ''), '-')
      || ':' || coalesce("lease_sq_ft"::text, '-') AS "key",
    row_number() OVER (
      PARTITION BY "commission_id",
        coalesce(nullif(upper(regexp_replace(btrim("lease_location"), '\s+', ' ', 'g')), ''), '-'),
        "lease_sq_ft"
      ORDER BY ("removed_from_source_at" IS NULL AND "retracted_at" IS NULL) DESC,
        "last_seen_at" DESC, "id"
    ) AS "n"
  FROM "proposals"
  WHERE "kind" = 'lease' AND "source" = 'doge'
)
UPDATE "proposals" p
SET "natural_key" = r."key" || CASE WHEN r."n" > 1 THEN '#' || r."n" ELSE '' END
FROM "rekeyed" r
WHERE p."id" = r."id";
