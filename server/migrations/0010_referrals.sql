-- Closed-loop referrals from a consultation to an agency (issue #5, docs/referrals.md).

ALTER TABLE consultation_settings
  ADD COLUMN referral_accept_working_days integer NOT NULL DEFAULT 3 CHECK (referral_accept_working_days >= 1),
  ADD COLUMN referral_grant_days integer NOT NULL DEFAULT 30 CHECK (referral_grant_days >= 0);

CREATE TABLE referrals (
  municipality_code text NOT NULL REFERENCES municipalities,
  referral_id text NOT NULL,
  consultation_id text NOT NULL,
  to_organization_id text NOT NULL,
  -- The unit whose staff receive it (the organisation's sasaeai unit when sent).
  to_unit_id text NOT NULL,
  from_unit_id text,
  sent_by text NOT NULL,
  reason text NOT NULL,
  request text NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'declined', 'cancelled', 'in_progress', 'completed', 'not_completed')),
  sharing text NOT NULL CHECK (sharing IN ('consent', 'minimum')),
  shared_fields text[] NOT NULL,
  -- Taken when sent, with the sender's access: what the receiver may read (the minimum part before acceptance).
  snapshot jsonb NOT NULL,
  decline_reason text NOT NULL DEFAULT '',
  outcome text NOT NULL DEFAULT '',
  not_completed_reason text NOT NULL DEFAULT '',
  accept_due_at timestamptz NOT NULL,
  reminded_at timestamptz,
  sent_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  grant_ends_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (municipality_code, referral_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id),
  FOREIGN KEY (municipality_code, to_organization_id) REFERENCES directory_organizations (municipality_code, organization_id),
  FOREIGN KEY (municipality_code, to_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, sent_by) REFERENCES accounts (municipality_code, account_id)
);
CREATE INDEX referrals_inbox_idx ON referrals (municipality_code, to_unit_id, sent_at DESC);
CREATE INDEX referrals_consultation_idx ON referrals (municipality_code, consultation_id);
CREATE INDEX referrals_due_idx ON referrals (accept_due_at) WHERE status = 'sent' AND reminded_at IS NULL;

CREATE TABLE referral_events (
  municipality_code text NOT NULL,
  referral_id text NOT NULL,
  event_id text NOT NULL,
  status text NOT NULL,
  note text NOT NULL DEFAULT '',
  by_account_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, referral_id, event_id),
  FOREIGN KEY (municipality_code, referral_id) REFERENCES referrals (municipality_code, referral_id)
);

INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, p.permission
  FROM roles r
  JOIN (VALUES
    ('coordinator', 'referrals.read'), ('coordinator', 'referrals.send'), ('coordinator', 'referrals.respond'),
    ('csw', 'referrals.read'), ('csw', 'referrals.send'), ('csw', 'referrals.respond'),
    ('district_member', 'referrals.read'), ('district_member', 'referrals.send'),
    ('commissioner', 'referrals.read'),
    ('agency_staff', 'referrals.read'), ('agency_staff', 'referrals.respond'),
    ('council_staff', 'referrals.read'), ('council_staff', 'referrals.respond')
  ) AS p (role_code, permission) ON p.role_code = r.role_code
ON CONFLICT DO NOTHING;
