-- Audit appends that never wait on each other (docs/decisions/0006-audit-sealer.md).
-- An audited transaction only INSERTs its row: an id, its transaction id (xid8) and the hash
-- of its canonical body, computed in the app (server/platform/audit.ts). One background
-- sealer (server/platform/audit-sealer.ts) later chains the rows whose transactions have
-- finished, per municipality, into audit_seals: seq, prev_hash and
-- hash = sha256(prev_hash || '\n' || seq || '\n' || body), the formula of 0002/0006, so the
-- rows written before this migration keep their seq and their hashes and the chain goes on
-- from its old head. audit_events itself is never updated: the seal lives in its own table.

-- The old table is copied into the new shape in chain order (municipality, seq), so audit
-- ids follow the old seq within a municipality, and each old row's seq, prev_hash and hash
-- become its seal. Old rows have no txid and no body_hash: they are sealed already.
ALTER TABLE audit_events RENAME TO audit_events_0002;

CREATE TABLE audit_events (
  municipality_code text NOT NULL,
  audit_id bigint GENERATED ALWAYS AS IDENTITY,
  txid xid8 DEFAULT pg_current_xact_id(),
  occurred_at timestamptz NOT NULL,
  actor_account_id text,
  actor_login_id text,
  action text NOT NULL,
  subject_type text,
  subject_id text,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
  legal_basis text,
  request_id text,
  ip text,
  details jsonb NOT NULL DEFAULT '{}',
  -- sha256 hex of the canonical body (auditBody), written with the row: checks a row not yet sealed.
  body_hash text,
  CHECK ((txid IS NULL) = (body_hash IS NULL))
);

INSERT INTO audit_events (audit_id, municipality_code, txid, occurred_at, actor_account_id, actor_login_id, action, subject_type,
    subject_id, outcome, legal_basis, request_id, ip, details, body_hash)
  OVERRIDING SYSTEM VALUE
  SELECT row_number() OVER (ORDER BY municipality_code, seq), municipality_code, NULL, occurred_at, actor_account_id, actor_login_id,
         action, subject_type, subject_id, outcome, legal_basis, request_id, ip, details, NULL
    FROM audit_events_0002;

-- The chain: one row per sealed audit row. Append-only like audit_events.
CREATE TABLE audit_seals (
  municipality_code text NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  audit_id bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, seq),
  UNIQUE (municipality_code, audit_id)
);

INSERT INTO audit_seals (municipality_code, seq, audit_id, prev_hash, hash, sealed_at)
  SELECT municipality_code, seq, row_number() OVER (ORDER BY municipality_code, seq), prev_hash, hash, occurred_at
    FROM audit_events_0002;

SELECT setval(pg_get_serial_sequence('audit_events', 'audit_id'), COALESCE((SELECT max(audit_id) FROM audit_events), 0) + 1, false);

DROP TABLE audit_events_0002;
DROP TABLE audit_heads;
DROP FUNCTION audit_append(text, timestamptz, text, text, text, text, text, text, text, text, text, jsonb, text);

ALTER TABLE audit_events ADD PRIMARY KEY (municipality_code, audit_id);
-- The sealer's scan: rows at or above its cursor, in transaction order.
CREATE INDEX audit_events_txid_idx ON audit_events (txid, audit_id);
CREATE INDEX audit_events_actor_idx ON audit_events (municipality_code, actor_login_id, audit_id);
CREATE INDEX audit_events_subject_idx ON audit_events (municipality_code, subject_type, subject_id, audit_id);
CREATE INDEX audit_events_action_idx ON audit_events (municipality_code, action, audit_id);

-- Defence in depth beside the grants (migrate.ts grantAppRole): no role, not even the owner,
-- changes history by accident; the owner must drop or disable the triggers deliberately.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- The sealer's position, one row for the whole database, shaped like a snapshot: every
-- committed audit row whose transaction id is below sealed_below and not in pending_txids
-- (transactions still running when the sealer last looked) has its seal. Locked FOR UPDATE
-- by the sealer, so one process seals at a time; nothing on the request path reads it.
CREATE TABLE audit_seal_cursor (
  cursor_id smallint PRIMARY KEY CHECK (cursor_id = 1),
  sealed_below xid8 NOT NULL,
  pending_txids xid8[] NOT NULL DEFAULT '{}',
  last_run_at timestamptz
);
INSERT INTO audit_seal_cursor (cursor_id, sealed_below) VALUES (1, '0');
