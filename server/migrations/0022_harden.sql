-- Issue 14, closing what an adversarial test found (decision 0018).

-- Item 5: a new account (and a password an administrator reset) changes its first password
-- before any other route works.
ALTER TABLE accounts ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- Item 5: changes that need a second administrator: granting a role that reads personal data
-- (or administers accounts), taking the auditor role away, disabling an auditor. The requester
-- proposes, another administrator approves or rejects; nothing applies until then.
CREATE TABLE account_changes (
  municipality_code text NOT NULL,
  change_id text NOT NULL,
  account_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('roles', 'disable')),
  -- kind 'roles': the account's whole role set once approved
  roles text[] NOT NULL DEFAULT '{}',
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  decided_by text,
  decided_at timestamptz,
  PRIMARY KEY (municipality_code, change_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, requested_by) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE
);
CREATE INDEX account_changes_pending ON account_changes (municipality_code, account_id) WHERE status = 'pending';

-- Item 11: failed sign-ins are counted per (login ID, client address), so nobody can lock
-- another person out from elsewhere, and unknown login IDs are counted exactly like known ones
-- (the same answers). The login ID is kept only as a keyed hash (the municipality's key below),
-- never as typed; rows are pruned once their window has passed.
ALTER TABLE municipalities ADD COLUMN login_key text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text);
CREATE TABLE login_failures (
  municipality_code text NOT NULL,
  login_key text NOT NULL,
  ip text NOT NULL,
  account_id text,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, login_key, ip)
);
CREATE INDEX login_failures_account ON login_failures (municipality_code, account_id) WHERE account_id IS NOT NULL;

-- Item 2: which unit receives referrals for a directory organisation is an access decision of the city.
INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, 'directory.assign_receiver' FROM roles r WHERE r.role_code = 'city_admin'
ON CONFLICT DO NOTHING;
