-- Queues that walk an index inside the actor's reach (issue #9 §5, docs/decisions/0012): every
-- unit that holds a consultation (its owner, and the units it passed through) gets an ordered
-- entry, so a unit's queue, newest first, is one index walk that stops at the page's end —
-- one branch per unit in reach — instead of reading and sorting every match. The holder row
-- carries the consultation's creation time and whether it is open, kept by triggers, so every
-- writer (the service, the synthetic generator) keeps them right.

ALTER TABLE consultation_holders ADD COLUMN created_at timestamptz, ADD COLUMN is_open boolean;
UPDATE consultation_holders h SET created_at = c.created_at, is_open = (c.stage <> 'closed')
  FROM consultations c WHERE c.municipality_code = h.municipality_code AND c.consultation_id = h.consultation_id;
ALTER TABLE consultation_holders ALTER COLUMN created_at SET NOT NULL, ALTER COLUMN is_open SET NOT NULL;

CREATE FUNCTION consultation_holders_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.created_at, c.stage <> 'closed' INTO NEW.created_at, NEW.is_open
    FROM consultations c WHERE c.municipality_code = NEW.municipality_code AND c.consultation_id = NEW.consultation_id;
  RETURN NEW;
END;
$$;
CREATE TRIGGER consultation_holders_fill BEFORE INSERT ON consultation_holders
  FOR EACH ROW EXECUTE FUNCTION consultation_holders_fill();

CREATE FUNCTION consultations_open_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.stage = 'closed') IS DISTINCT FROM (NEW.stage = 'closed') THEN
    UPDATE consultation_holders SET is_open = (NEW.stage <> 'closed')
     WHERE municipality_code = NEW.municipality_code AND consultation_id = NEW.consultation_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER consultations_open_sync AFTER UPDATE OF stage ON consultations
  FOR EACH ROW EXECUTE FUNCTION consultations_open_sync();

CREATE INDEX consultation_holders_queue_idx ON consultation_holders (municipality_code, unit_id, created_at DESC, consultation_id DESC);
CREATE INDEX consultation_holders_open_queue_idx ON consultation_holders (municipality_code, unit_id, created_at DESC, consultation_id DESC) WHERE is_open;

-- The account branches (assigned to me, raised by me) and the whole municipality, each ordered for keyset paging.
DROP INDEX consultations_assigned_idx;
DROP INDEX consultations_raised_idx;
DROP INDEX consultations_created_idx;
CREATE INDEX consultations_assigned_queue_idx ON consultations (municipality_code, assigned_account_id, created_at DESC, consultation_id DESC) WHERE assigned_account_id IS NOT NULL;
CREATE INDEX consultations_raised_queue_idx ON consultations (municipality_code, raised_by, created_at DESC, consultation_id DESC) WHERE raised_by IS NOT NULL;
CREATE INDEX consultations_keyset_idx ON consultations (municipality_code, created_at DESC, consultation_id DESC);
DROP INDEX consultations_open_created_idx;
CREATE INDEX consultations_open_keyset_idx ON consultations (municipality_code, created_at DESC, consultation_id DESC) WHERE stage <> 'closed';
DROP INDEX consultations_open_owner_idx;
CREATE INDEX consultations_open_owner_keyset_idx ON consultations (municipality_code, owning_unit_id, created_at DESC, consultation_id DESC) WHERE stage <> 'closed';
