-- People search that walks an index inside the actor's reach (issue #9 item 5,
-- docs/decisions/0008-people-search-postings.md). One posting per (token, person): the token,
-- the owning unit, a tier (how the token sits in the names, active before moved-out/deceased),
-- the reading as the sort key and the person. A search reads one B-tree range per unit in reach,
-- already in result order, and stops after a page; the bigram GIN index it replaces had to read
-- and sort every match.

-- people.search_tokens now holds classed tokens, `<class><token>` (server/modules/people/search.tokens.ts
-- computes them on every write): 0 the whole of a name part as registered, 1 the whole of a part
-- after folding (髙橋 under 高橋), 2 the start of a part, 3 inside the full name, reading or 通称;
-- and '0' alone, the token every person has (the list of everyone).
-- This function is the same rule in SQL, for the rows written before this migration. It finds the
-- boundary between family and given name in the folded keys by the length of the family name
-- without the characters the fold removes, which is exact for every name but a few unusual ones
-- (a ligature such as ㍻); such a row only ranks one class differently until it is next written.
CREATE FUNCTION person_index_tokens(family_name text, given_name text, family_kana text, given_kana text, alias_name text,
                                    name_key text, kana_key text, alias_key text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH lens AS (
    SELECT char_length(regexp_replace(normalize(family_name, NFKC), '[\s\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff・·‧゠=ー\-‐‑‒–—―−⁃\ufe00-\ufe0f\U000e0100-\U000e01ef]', '', 'g')) AS lf,
           char_length(regexp_replace(normalize(family_kana, NFKC), '[\s\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff・·‧゠=ー\-‐‑‒–—―−⁃\ufe00-\ufe0f\U000e0100-\U000e01ef]', '', 'g')) AS lfk
  ), parts AS (
    SELECT regexp_replace(v.raw, '[\s\u3000]+', '', 'g') AS raw, v.key
      FROM lens, LATERAL (VALUES
        (family_name, left(name_key, lens.lf)), (given_name, substr(name_key, lens.lf + 1)),
        (family_kana, left(kana_key, lens.lfk)), (given_kana, substr(kana_key, lens.lfk + 1)),
        (family_name || given_name, name_key), (family_kana || given_kana, kana_key), (alias_name, alias_key)) AS v(raw, key)
     WHERE v.key <> ''
  ), tokens AS (
    SELECT '' AS tok, 0 AS cls
    UNION ALL SELECT key, CASE WHEN raw = key THEN 0 ELSE 1 END FROM parts
    UNION ALL SELECT left(key, i), 2 FROM parts, generate_series(1, least(char_length(key), 16)) AS i
    UNION ALL SELECT substr(k, i, w), 3 FROM unnest(ARRAY[name_key, kana_key, alias_key]) AS k, generate_series(1, char_length(k)) AS i, (VALUES (1), (2)) AS n(w)
     WHERE i + w - 1 <= char_length(k)
  )
  SELECT array_agg(cls::text || tok ORDER BY cls::text || tok COLLATE "C") FROM (SELECT tok, min(cls) AS cls FROM tokens GROUP BY tok) best
$$;

-- The bigram GIN index goes: nothing reads it any more, and with fastupdate off it was the
-- largest cost of writing a person (docs/bench.md "People").
DROP INDEX people_tokens_idx;
UPDATE people SET search_tokens = person_index_tokens(family_name, given_name, family_name_kana, given_name_kana, alias_name, name_key, kana_key, alias_key);

-- Every column is compared byte-wise (COLLATE "C"): the same order on PostgreSQL 15 and PGlite,
-- whatever the database's locale, and the cheapest comparison. Merged records have no postings.
CREATE TABLE person_search_postings (
  municipality_code text COLLATE "C" NOT NULL,
  token text COLLATE "C" NOT NULL,
  owner_unit_id text COLLATE "C" NOT NULL,
  tier smallint NOT NULL CHECK (tier BETWEEN 0 AND 7),
  kana_key text COLLATE "C" NOT NULL,
  person_id text COLLATE "C" NOT NULL
);
INSERT INTO person_search_postings (municipality_code, token, owner_unit_id, tier, kana_key, person_id)
SELECT p.municipality_code, substr(t.tok, 2), p.owner_unit_id, ascii(t.tok) - 48 + CASE WHEN p.status = 'active' THEN 0 ELSE 4 END, p.kana_key, p.person_id
  FROM people p CROSS JOIN LATERAL unnest(p.search_tokens) AS t(tok)
 WHERE p.status <> 'merged';
-- Built after the rows are in: one sort instead of millions of inserts into a growing tree.
ALTER TABLE person_search_postings ADD PRIMARY KEY (municipality_code, token, owner_unit_id, tier, kana_key, person_id);

-- The postings follow every write of people in the same statement's transaction, whoever writes
-- (the form, PATCH, merge, the register import, the synthetic generator, a test): statement-level
-- triggers with transition tables, so a batch of 500 imported people is one INSERT … SELECT.
-- A row's postings change only when what they are made of changes (tokens, owner unit, reading,
-- active or not, merged or not); an edit of the phone number leaves them alone. New postings go
-- in in index order, so a batch touches each leaf page of the index once (measured: a third
-- faster to load 50,000 people beside 1,000,000).
CREATE FUNCTION person_postings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_search_postings (municipality_code, token, owner_unit_id, tier, kana_key, person_id)
  SELECT n.municipality_code, substr(t.tok, 2), n.owner_unit_id, ascii(t.tok) - 48 + CASE WHEN n.status = 'active' THEN 0 ELSE 4 END, n.kana_key, n.person_id
    FROM new_people n CROSS JOIN LATERAL unnest(n.search_tokens) AS t(tok)
   WHERE n.status <> 'merged'
   ORDER BY n.municipality_code, substr(t.tok, 2) COLLATE "C", n.owner_unit_id COLLATE "C", n.kana_key COLLATE "C", n.person_id COLLATE "C";
  RETURN NULL;
END;
$$;

CREATE FUNCTION person_postings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_search_postings pp
   USING old_people o CROSS JOIN LATERAL unnest(o.search_tokens) AS t(tok)
   WHERE o.status <> 'merged'
     AND pp.municipality_code = o.municipality_code AND pp.token = substr(t.tok, 2) AND pp.owner_unit_id = o.owner_unit_id
     AND pp.tier = ascii(t.tok) - 48 + CASE WHEN o.status = 'active' THEN 0 ELSE 4 END AND pp.kana_key = o.kana_key AND pp.person_id = o.person_id;
  RETURN NULL;
END;
$$;

CREATE FUNCTION person_postings_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_search_postings pp
   USING old_people o CROSS JOIN LATERAL unnest(o.search_tokens) AS t(tok)
   WHERE o.status <> 'merged'
     AND NOT EXISTS (SELECT 1 FROM new_people n WHERE n.municipality_code = o.municipality_code AND n.person_id = o.person_id
                       AND n.search_tokens = o.search_tokens AND n.owner_unit_id = o.owner_unit_id AND n.kana_key = o.kana_key
                       AND (n.status = 'active') = (o.status = 'active') AND n.status <> 'merged')
     AND pp.municipality_code = o.municipality_code AND pp.token = substr(t.tok, 2) AND pp.owner_unit_id = o.owner_unit_id
     AND pp.tier = ascii(t.tok) - 48 + CASE WHEN o.status = 'active' THEN 0 ELSE 4 END AND pp.kana_key = o.kana_key AND pp.person_id = o.person_id;
  INSERT INTO person_search_postings (municipality_code, token, owner_unit_id, tier, kana_key, person_id)
  SELECT n.municipality_code, substr(t.tok, 2), n.owner_unit_id, ascii(t.tok) - 48 + CASE WHEN n.status = 'active' THEN 0 ELSE 4 END, n.kana_key, n.person_id
    FROM new_people n CROSS JOIN LATERAL unnest(n.search_tokens) AS t(tok)
   WHERE n.status <> 'merged'
     AND NOT EXISTS (SELECT 1 FROM old_people o WHERE o.municipality_code = n.municipality_code AND o.person_id = n.person_id
                       AND o.search_tokens = n.search_tokens AND o.owner_unit_id = n.owner_unit_id AND o.kana_key = n.kana_key
                       AND (o.status = 'active') = (n.status = 'active') AND o.status <> 'merged')
   ORDER BY n.municipality_code, substr(t.tok, 2) COLLATE "C", n.owner_unit_id COLLATE "C", n.kana_key COLLATE "C", n.person_id COLLATE "C";
  RETURN NULL;
END;
$$;

CREATE TRIGGER person_postings_insert AFTER INSERT ON people REFERENCING NEW TABLE AS new_people
  FOR EACH STATEMENT EXECUTE FUNCTION person_postings_insert();
CREATE TRIGGER person_postings_update AFTER UPDATE ON people REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people
  FOR EACH STATEMENT EXECUTE FUNCTION person_postings_update();
CREATE TRIGGER person_postings_delete AFTER DELETE ON people REFERENCING OLD TABLE AS old_people
  FOR EACH STATEMENT EXECUTE FUNCTION person_postings_delete();

-- The rows a non-municipality actor sees beyond the units in reach (a 民生委員's zones, the
-- records they registered) are found through these, not by reading the municipality.
CREATE INDEX people_area_idx ON people (municipality_code, area_id) WHERE area_id IS NOT NULL;
CREATE INDEX people_created_by_idx ON people (municipality_code, created_by) WHERE created_by IS NOT NULL;
