-- The claims whose assessment inputs changed, recorded in the writing transaction (see
-- db/schema/claim-changes.ts): a new or edited claim, its source values, its award record, its
-- commission's start. Every writer fills the set this way; the assess step empties it.
-- A claim recorded again takes a new seq, so a pass that read an older mark keeps it.
CREATE FUNCTION record_claim_changes(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO claim_changes (proposal_id)
  SELECT DISTINCT id FROM unnest(ids) AS id
  ON CONFLICT (proposal_id) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
$$;--> statement-breakpoint

-- New claims, one statement at a time (a sync inserts hundreds per statement).
CREATE FUNCTION claim_changes_of_inserted_proposals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_claim_changes(ARRAY(SELECT id FROM inserted));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER proposals_record_inserted AFTER INSERT ON proposals
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
  EXECUTE FUNCTION claim_changes_of_inserted_proposals();--> statement-breakpoint

-- An edited claim: every write of a claim's data moves updated_at (or its version); the sync's
-- "still listed" mark (last_seen_at alone) does not, so an unchanged list records nothing.
CREATE FUNCTION claim_changes_of_updated_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_claim_changes(ARRAY[NEW.id]);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER proposals_record_updated AFTER UPDATE ON proposals
  FOR EACH ROW WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at
    OR OLD.version IS DISTINCT FROM NEW.version)
  EXECUTE FUNCTION claim_changes_of_updated_proposal();--> statement-breakpoint

-- What the source said of a claim (the archived list's columns a place is read from).
CREATE FUNCTION claim_changes_of_source_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_claim_changes(ARRAY(SELECT proposal_id FROM written));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER source_values_record_inserted AFTER INSERT ON proposal_source_values
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT
  EXECUTE FUNCTION claim_changes_of_source_values();--> statement-breakpoint
CREATE TRIGGER source_values_record_updated AFTER UPDATE ON proposal_source_values
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT
  EXECUTE FUNCTION claim_changes_of_source_values();--> statement-breakpoint

-- An award record stored or refreshed: the claims that name it. The expression is the award
-- key of db/schema/proposals.ts (awardKeyOf), so the lookup reads proposals_award_key_idx.
CREATE FUNCTION claim_changes_of_awards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_claim_changes(ARRAY(
    SELECT p.id FROM written a JOIN proposals p ON a.award_id = (case
      when p.kind = 'contract' and p.piid is not null and p.contracting_agency_id is not null
        then 'CONT_AWD_' || p.piid || '_' || p.contracting_agency_id || '_' ||
          coalesce(p.parent_piid, '-NONE-') || '_' || coalesce(p.parent_agency_id, '-NONE-')
      else p.award_id end)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER awards_record_inserted AFTER INSERT ON awards
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT
  EXECUTE FUNCTION claim_changes_of_awards();--> statement-breakpoint
CREATE TRIGGER awards_record_updated AFTER UPDATE ON awards
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT
  EXECUTE FUNCTION claim_changes_of_awards();--> statement-breakpoint

-- A commission's start dates what counts as taken back (methodology 2): all its claims.
CREATE FUNCTION claim_changes_of_commission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_claim_changes(ARRAY(SELECT id FROM proposals WHERE commission_id = NEW.id));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER commissions_record_start AFTER UPDATE ON commissions
  FOR EACH ROW WHEN (OLD.established_on IS DISTINCT FROM NEW.established_on)
  EXECUTE FUNCTION claim_changes_of_commission();
