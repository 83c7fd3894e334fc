-- Consultation queues and search at scale (docs/bench.md, measured on 200,000 consultations).

-- Search: every character and bigram of the folded search text, so one- and two-character
-- Japanese words (通院, 田中) use an index; pg_trgm needs three characters.
CREATE FUNCTION text_tokens(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT tok), '{}') FROM (
    SELECT substr(t, i, 1) AS tok FROM generate_series(1, length(t)) AS i
    UNION ALL
    SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
  ) x
$$;
ALTER TABLE consultations ADD COLUMN search_tokens text[] GENERATED ALWAYS AS (text_tokens(search_text)) STORED;
CREATE INDEX consultations_search_tokens_idx ON consultations USING gin (search_tokens);
DROP INDEX consultations_search_idx;

-- Contributor access: the units that ever held a consultation, on the row itself (GIN), so the
-- access filter is an index condition instead of a subquery per row. consultation_holders
-- stays the history; a trigger keeps the column in step with it.
ALTER TABLE consultations ADD COLUMN holder_unit_ids text[] NOT NULL DEFAULT '{}';
UPDATE consultations c SET holder_unit_ids = h.units
  FROM (SELECT municipality_code, consultation_id, array_agg(unit_id ORDER BY since) AS units FROM consultation_holders GROUP BY 1, 2) h
 WHERE h.municipality_code = c.municipality_code AND h.consultation_id = c.consultation_id;
CREATE INDEX consultations_holders_gin_idx ON consultations USING gin (holder_unit_ids);

CREATE FUNCTION consultation_holders_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultations SET holder_unit_ids = array_append(holder_unit_ids, NEW.unit_id)
   WHERE municipality_code = NEW.municipality_code AND consultation_id = NEW.consultation_id
     AND NOT (NEW.unit_id = ANY (holder_unit_ids));
  RETURN NULL;
END;
$$;
CREATE TRIGGER consultation_holders_sync AFTER INSERT ON consultation_holders
  FOR EACH ROW EXECUTE FUNCTION consultation_holders_sync();

-- Open queues read only open rows.
CREATE INDEX consultations_open_created_idx ON consultations (municipality_code, created_at DESC) WHERE stage <> 'closed';
CREATE INDEX consultations_open_owner_idx ON consultations (municipality_code, owning_unit_id, created_at DESC) WHERE stage <> 'closed';
CREATE INDEX consultations_uncontacted_idx ON consultations (municipality_code, first_contact_due_at) WHERE stage <> 'closed' AND first_contact_at IS NULL;
CREATE INDEX consultations_unassigned_idx ON consultations (municipality_code, assignment_due_at) WHERE stage <> 'closed' AND assigned_account_id IS NULL;
