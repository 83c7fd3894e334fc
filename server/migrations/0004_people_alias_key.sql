-- The folded key of the 通称 (alias_name), beside name_key and kana_key, so a search can
-- recheck an alias match as exactly as a name match (search_tokens already holds its
-- tokens; server/modules/people/people.keys.ts computes all three keys).
ALTER TABLE people ADD COLUMN alias_key text NOT NULL DEFAULT '';
