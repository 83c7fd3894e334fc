-- The platform kernel: tenants, organisation, accounts, sessions, grants, audit.
-- Every tenant-owned table has municipality_code in its primary key and in every unique key.

CREATE TABLE municipalities (
  municipality_code text PRIMARY KEY CHECK (municipality_code ~ '^[0-9]{6}$'),
  name_ja text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  prefecture_ja text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
  municipality_code text NOT NULL REFERENCES municipalities,
  unit_id text NOT NULL,
  parent_unit_id text,
  tier text NOT NULL CHECK (tier IN ('city', 'area', 'district', 'neighbourhood')),
  kind text NOT NULL,
  name_ja text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, parent_unit_id) REFERENCES units (municipality_code, unit_id)
);
CREATE INDEX units_parent_idx ON units (municipality_code, parent_unit_id);

CREATE TABLE area_kinds (
  municipality_code text NOT NULL REFERENCES municipalities,
  kind_code text NOT NULL,
  name_ja text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  PRIMARY KEY (municipality_code, kind_code)
);

CREATE TABLE areas (
  municipality_code text NOT NULL,
  area_id text NOT NULL,
  kind_code text NOT NULL,
  name_ja text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  unit_id text,
  description text NOT NULL DEFAULT '',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, area_id),
  FOREIGN KEY (municipality_code, kind_code) REFERENCES area_kinds (municipality_code, kind_code),
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE roles (
  municipality_code text NOT NULL REFERENCES municipalities,
  role_code text NOT NULL,
  name_ja text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  reach text NOT NULL CHECK (reach IN ('own', 'unit', 'subtree', 'municipality')),
  requires_totp boolean NOT NULL DEFAULT false,
  PRIMARY KEY (municipality_code, role_code)
);

CREATE TABLE role_permissions (
  municipality_code text NOT NULL,
  role_code text NOT NULL,
  permission text NOT NULL,
  PRIMARY KEY (municipality_code, role_code, permission),
  FOREIGN KEY (municipality_code, role_code) REFERENCES roles (municipality_code, role_code) ON DELETE CASCADE
);

CREATE TABLE accounts (
  municipality_code text NOT NULL REFERENCES municipalities,
  account_id text NOT NULL,
  login_id text NOT NULL,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  term_ends_on date,
  totp_secret text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, account_id),
  UNIQUE (municipality_code, login_id)
);

CREATE TABLE account_roles (
  municipality_code text NOT NULL,
  account_id text NOT NULL,
  role_code text NOT NULL,
  PRIMARY KEY (municipality_code, account_id, role_code),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, role_code) REFERENCES roles (municipality_code, role_code)
);

CREATE TABLE account_units (
  municipality_code text NOT NULL,
  account_id text NOT NULL,
  unit_id text NOT NULL,
  PRIMARY KEY (municipality_code, account_id, unit_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE account_areas (
  municipality_code text NOT NULL,
  account_id text NOT NULL,
  area_id text NOT NULL,
  PRIMARY KEY (municipality_code, account_id, area_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, area_id) REFERENCES areas (municipality_code, area_id)
);

-- Sessions live in the database so any number of app processes can serve them.
-- The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  municipality_code text NOT NULL,
  session_hash text NOT NULL,
  account_id text NOT NULL,
  csrf_token text NOT NULL,
  stage text NOT NULL CHECK (stage IN ('full', 'totp_enrolment')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  PRIMARY KEY (municipality_code, session_hash),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE
);
CREATE INDEX sessions_account_idx ON sessions (municipality_code, account_id);

-- Explicit, time-boxed access to one record (a referral, a case conference, disaster mode).
CREATE TABLE record_grants (
  municipality_code text NOT NULL,
  grant_id text NOT NULL,
  record_type text NOT NULL,
  record_id text NOT NULL,
  account_id text NOT NULL,
  reason text NOT NULL,
  legal_basis text,
  granted_by text NOT NULL,
  starts_at timestamptz NOT NULL DEFAULT now(),
  ends_at timestamptz NOT NULL,
  PRIMARY KEY (municipality_code, grant_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE
);
CREATE INDEX record_grants_lookup_idx ON record_grants (municipality_code, account_id, record_type, record_id);

-- Append-only, hash-chained per municipality. hash = sha256(prev_hash || canonical row).
CREATE TABLE audit_events (
  municipality_code text NOT NULL,
  seq bigint NOT NULL,
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
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (municipality_code, seq)
);
CREATE INDEX audit_events_actor_idx ON audit_events (municipality_code, actor_login_id, seq);
CREATE INDEX audit_events_subject_idx ON audit_events (municipality_code, subject_type, subject_id, seq);
CREATE INDEX audit_events_action_idx ON audit_events (municipality_code, action, seq);

-- The head of each chain: locked FOR UPDATE by every append, so appends of one municipality serialise.
CREATE TABLE audit_heads (
  municipality_code text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- Defence in depth beside the grants: no one, not even the owner, edits history by accident.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
