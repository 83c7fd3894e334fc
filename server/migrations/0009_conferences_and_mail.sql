-- Case conferences (issue #5, docs/conferences.md) and e-mail for notifications.

CREATE TABLE conferences (
  municipality_code text NOT NULL REFERENCES municipalities,
  conference_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('support_meeting', 'multi_agency', 'case')),
  title text NOT NULL,
  scheduled_at timestamptz NOT NULL,
  legal_basis text NOT NULL,
  convened_by text NOT NULL,
  unit_id text,
  minutes text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, conference_id),
  FOREIGN KEY (municipality_code, convened_by) REFERENCES accounts (municipality_code, account_id)
);

-- Members are accounts or named outside participants (who cannot sign in and so see nothing here).
CREATE TABLE conference_members (
  municipality_code text NOT NULL,
  conference_id text NOT NULL,
  member_id text NOT NULL,
  account_id text,
  outside_name text NOT NULL DEFAULT '',
  outside_organization text NOT NULL DEFAULT '',
  is_convener boolean NOT NULL DEFAULT false,
  pledged_at timestamptz,
  pledge_text text,
  -- For an outside participant, who recorded their written pledge.
  pledge_recorded_by text,
  PRIMARY KEY (municipality_code, conference_id, member_id),
  FOREIGN KEY (municipality_code, conference_id) REFERENCES conferences (municipality_code, conference_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id),
  CHECK (account_id IS NOT NULL OR outside_name <> '')
);
CREATE UNIQUE INDEX conference_members_account_idx ON conference_members (municipality_code, conference_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX conference_members_by_account_idx ON conference_members (municipality_code, account_id) WHERE account_id IS NOT NULL;

-- What was shared into a conference: a snapshot of chosen fields, never a live view of the case.
CREATE TABLE conference_shares (
  municipality_code text NOT NULL,
  conference_id text NOT NULL,
  share_id text NOT NULL,
  consultation_id text NOT NULL,
  fields text[] NOT NULL,
  snapshot jsonb NOT NULL,
  shared_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, conference_id, share_id),
  FOREIGN KEY (municipality_code, conference_id) REFERENCES conferences (municipality_code, conference_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id)
);

CREATE TABLE conference_decisions (
  municipality_code text NOT NULL,
  conference_id text NOT NULL,
  decision_id text NOT NULL,
  text text NOT NULL,
  consultation_id text,
  plan_version integer,
  by_account_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, conference_id, decision_id),
  FOREIGN KEY (municipality_code, conference_id) REFERENCES conferences (municipality_code, conference_id)
);

CREATE TABLE conference_events (
  municipality_code text NOT NULL,
  conference_id text NOT NULL,
  event_id text NOT NULL,
  kind text NOT NULL,
  note text NOT NULL DEFAULT '',
  by_account_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, conference_id, event_id),
  FOREIGN KEY (municipality_code, conference_id) REFERENCES conferences (municipality_code, conference_id)
);

-- E-mail: an address per account for notifications, and an outbox written in the same
-- transaction as the notification and delivered by the server's mail loop.
ALTER TABLE accounts ADD COLUMN email text NOT NULL DEFAULT '';

CREATE TABLE email_outbox (
  municipality_code text NOT NULL REFERENCES municipalities,
  email_id text NOT NULL,
  notification_id text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  last_error text,
  PRIMARY KEY (municipality_code, email_id)
);
CREATE INDEX email_outbox_pending_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL;

INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, p.permission
  FROM roles r
  JOIN (VALUES
    ('coordinator', 'conferences.convene'), ('coordinator', 'conferences.participate'),
    ('csw', 'conferences.convene'), ('csw', 'conferences.participate'),
    ('district_member', 'conferences.participate'), ('commissioner', 'conferences.participate'),
    ('agency_staff', 'conferences.participate'), ('council_staff', 'conferences.participate')
  ) AS p (role_code, permission) ON p.role_code = r.role_code
ON CONFLICT DO NOTHING;
