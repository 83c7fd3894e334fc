-- Which fold of core/japanese (SEARCH_KEY_VERSION in search-key.ts) the stored search keys of a
-- municipality were computed with: people (name_key, kana_key, alias_key, search_tokens,
-- address_normalised), households (address_normalised), consultations (search_text, and search_tokens generated from it) and
-- directory services (search_key). When the fold changes, server/refold.ts recomputes them at boot
-- (or `npm run search:refold`) and records the version here; until then old rows stop matching.
-- Keys stored before this column existed were computed by fold 1.
ALTER TABLE municipalities ADD COLUMN search_key_version integer NOT NULL DEFAULT 1;
