-- Register imports, applying side (issue #3, docs/register-import.md). An import is applied in
-- batches, each its own transaction; these columns let a batch mark the rows it wrote, so an
-- apply that stopped (a crash, a restart) resumes where it stopped and never writes a row twice.

-- applied: written; conflict: the person changed (or appeared) after the analysis, so the row was not written.
ALTER TABLE import_rows ADD COLUMN result text CHECK (result IN ('applied', 'conflict'));
ALTER TABLE import_rows ADD COLUMN applied_at timestamptz;
-- Rows with at least one problem, for paging problems without reading every row.
ALTER TABLE import_rows ADD COLUMN problem_count integer NOT NULL DEFAULT 0;
CREATE INDEX import_rows_problems_idx ON import_rows (municipality_code, import_id, line_no) WHERE problem_count > 0;
CREATE INDEX import_rows_action_idx ON import_rows (municipality_code, import_id, action, line_no);

ALTER TABLE import_jobs ADD COLUMN excluded_lines integer[] NOT NULL DEFAULT '{}';
ALTER TABLE import_jobs ADD COLUMN applied_by text;
-- Set when an apply starts and after every batch: an apply whose heartbeat is old has stopped and may be resumed.
ALTER TABLE import_jobs ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE import_jobs ADD COLUMN applied_counts jsonb;
ALTER TABLE import_jobs ADD COLUMN failure text;
CREATE INDEX import_jobs_sha_idx ON import_jobs (municipality_code, file_sha256);
CREATE INDEX import_jobs_created_idx ON import_jobs (municipality_code, created_at DESC);
