-- Name searches must read the GIN index of people.search_tokens directly. With fastupdate on
-- (the default), new rows wait in a pending list that every search scans in full until a VACUUM
-- merges it; embedded PostgreSQL (PGlite) has no autovacuum to do that, and after a register
-- import the planner rightly prices the index out and reads the whole table. Without the pending
-- list each insert updates the index at once: inserts pay a little, every search gains.
ALTER INDEX people_tokens_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('people_tokens_idx'::regclass);
