-- Consultations (issue #4, docs/consultations.md): 断らない相談 across the three tiers.
-- Every key carries municipality_code, like the rest of the schema.

-- Which unit owns a new consultation: data, per municipality, first matching rule by priority.
CREATE TABLE consultation_routing_rules (
  municipality_code text NOT NULL REFERENCES municipalities,
  priority integer NOT NULL,
  door_kind text NOT NULL,
  strategy text NOT NULL CHECK (strategy IN ('door', 'address_district', 'unit')),
  unit_id text,
  fallback_unit_id text,
  PRIMARY KEY (municipality_code, priority),
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, fallback_unit_id) REFERENCES units (municipality_code, unit_id)
);

-- Per-municipality settings: categories whose closure needs a coordinator's approval.
CREATE TABLE consultation_settings (
  municipality_code text PRIMARY KEY REFERENCES municipalities,
  high_risk_categories text[] NOT NULL DEFAULT '{abuse}',
  min_contact_attempts integer NOT NULL DEFAULT 3 CHECK (min_contact_attempts >= 1)
);

-- Receipt numbers: one counter per municipality and fiscal year (2026-00042).
CREATE TABLE consultation_counters (
  municipality_code text NOT NULL REFERENCES municipalities,
  fiscal_year integer NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (municipality_code, fiscal_year)
);

CREATE TABLE consultations (
  municipality_code text NOT NULL REFERENCES municipalities,
  consultation_id text NOT NULL,
  receipt_number text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('walk_in', 'phone', 'home_visit', 'web', 'referral', 'outreach')),
  source text NOT NULL DEFAULT 'self',
  source_note text NOT NULL DEFAULT '',
  anonymous boolean NOT NULL DEFAULT false,
  third_party_concern boolean NOT NULL DEFAULT false,
  categories text[] NOT NULL,
  urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('low', 'normal', 'high', 'emergency')),
  summary text NOT NULL,
  subject_label text NOT NULL DEFAULT '',
  person_id text,
  household_id text,
  address text NOT NULL DEFAULT '',
  consent text NOT NULL DEFAULT 'not_asked' CHECK (consent IN ('given', 'not_given', 'not_asked')),
  consent_scope text[] NOT NULL DEFAULT '{}',
  contact_preference text,
  contact_detail text NOT NULL DEFAULT '',
  stage text NOT NULL DEFAULT 'received' CHECK (stage IN ('received', 'assessing', 'planning', 'supporting', 'monitoring', 'closed')),
  owning_unit_id text NOT NULL,
  assigned_account_id text,
  assigned_at timestamptz,
  -- One working day after it reached its owner: no named worker by then raises an alert.
  assignment_due_at timestamptz,
  first_contact_due_at timestamptz,
  first_contact_at timestamptz,
  door_unit_id text,
  raised_by text,
  outcome text CHECK (outcome IN ('resolved', 'referred', 'declined', 'moved', 'deceased', 'unreachable')),
  closed_at timestamptz,
  closed_by text,
  follow_up_date date,
  closure_note text NOT NULL DEFAULT '',
  -- A closure waiting for a coordinator's approval: {outcome, followUpDate, note, by, at}.
  pending_closure jsonb,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, consultation_id),
  UNIQUE (municipality_code, receipt_number),
  FOREIGN KEY (municipality_code, owning_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, door_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id),
  FOREIGN KEY (municipality_code, assigned_account_id) REFERENCES accounts (municipality_code, account_id),
  CHECK ((stage = 'closed') = (outcome IS NOT NULL))
);
CREATE INDEX consultations_owner_idx ON consultations (municipality_code, owning_unit_id, stage, created_at DESC);
CREATE INDEX consultations_assigned_idx ON consultations (municipality_code, assigned_account_id) WHERE assigned_account_id IS NOT NULL;
CREATE INDEX consultations_raised_idx ON consultations (municipality_code, raised_by) WHERE raised_by IS NOT NULL;
CREATE INDEX consultations_person_idx ON consultations (municipality_code, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX consultations_created_idx ON consultations (municipality_code, created_at DESC);
CREATE INDEX consultations_closed_idx ON consultations (municipality_code, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX consultations_search_idx ON consultations USING gin (search_text gin_trgm_ops);

-- Every unit that has owned a consultation: a past holder keeps seeing its status and what it contributed.
CREATE TABLE consultation_holders (
  municipality_code text NOT NULL,
  consultation_id text NOT NULL,
  unit_id text NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, consultation_id, unit_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id),
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);
CREATE INDEX consultation_holders_unit_idx ON consultation_holders (municipality_code, unit_id, consultation_id);

-- The timeline: notes and every event (stage, route, assignment, closure …), who and when.
CREATE TABLE consultation_events (
  municipality_code text NOT NULL,
  consultation_id text NOT NULL,
  event_id text NOT NULL,
  kind text NOT NULL,
  note_kind text CHECK (note_kind IN ('note', 'contact', 'contact_attempt', 'visit', 'meeting')),
  body text NOT NULL DEFAULT '',
  sensitive boolean NOT NULL DEFAULT false,
  details jsonb NOT NULL DEFAULT '{}',
  from_unit_id text,
  to_unit_id text,
  -- The unit the author acted for: what a past holder contributed.
  unit_id text,
  by_account_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, consultation_id, event_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id)
);
CREATE INDEX consultation_events_time_idx ON consultation_events (municipality_code, consultation_id, at);

-- Assessments and plans are versioned: every save is a new row, the latest is current.
CREATE TABLE consultation_assessments (
  municipality_code text NOT NULL,
  consultation_id text NOT NULL,
  version integer NOT NULL,
  content jsonb NOT NULL,
  by_account_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, consultation_id, version),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id)
);

CREATE TABLE consultation_plans (
  municipality_code text NOT NULL,
  consultation_id text NOT NULL,
  version integer NOT NULL,
  goals jsonb NOT NULL,
  actions jsonb NOT NULL,
  review_date date NOT NULL,
  by_account_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, consultation_id, version),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id)
);

CREATE TABLE consultation_tasks (
  municipality_code text NOT NULL,
  task_id text NOT NULL,
  consultation_id text NOT NULL,
  title text NOT NULL,
  assignee_account_id text,
  due_date date,
  remind_on date,
  done_at timestamptz,
  done_by text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, task_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id),
  FOREIGN KEY (municipality_code, assignee_account_id) REFERENCES accounts (municipality_code, account_id)
);
CREATE INDEX consultation_tasks_consultation_idx ON consultation_tasks (municipality_code, consultation_id);
CREATE INDEX consultation_tasks_assignee_idx ON consultation_tasks (municipality_code, assignee_account_id) WHERE done_at IS NULL;

-- 通報: made without consent under its law; the city hub is notified.
CREATE TABLE abuse_reports (
  municipality_code text NOT NULL,
  report_id text NOT NULL,
  consultation_id text NOT NULL,
  law text NOT NULL CHECK (law IN ('elderly', 'disability', 'child')),
  legal_basis text NOT NULL,
  summary text NOT NULL,
  immediate_danger boolean NOT NULL DEFAULT false,
  by_account_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, report_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id)
);
CREATE INDEX abuse_reports_consultation_idx ON abuse_reports (municipality_code, consultation_id);

-- In-app notifications to a unit or one account; they carry a title and a link, never the case itself.
CREATE TABLE notifications (
  municipality_code text NOT NULL REFERENCES municipalities,
  notification_id text NOT NULL,
  recipient_unit_id text,
  recipient_account_id text,
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  read_by text,
  PRIMARY KEY (municipality_code, notification_id),
  CHECK (recipient_unit_id IS NOT NULL OR recipient_account_id IS NOT NULL)
);
CREATE INDEX notifications_unit_idx ON notifications (municipality_code, recipient_unit_id, created_at DESC);
CREATE INDEX notifications_account_idx ON notifications (municipality_code, recipient_account_id, created_at DESC);

-- Municipalities seeded before this migration get the consultation permissions of their default roles.
INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, p.permission
  FROM roles r
  JOIN (VALUES
    ('city_admin', 'consultations.stats'), ('city_admin', 'consultations.configure'),
    ('coordinator', 'consultations.read'), ('coordinator', 'consultations.write'), ('coordinator', 'consultations.report_abuse'),
    ('coordinator', 'consultations.sensitive.read'), ('coordinator', 'consultations.approve_closure'), ('coordinator', 'consultations.stats'),
    ('csw', 'consultations.read'), ('csw', 'consultations.write'), ('csw', 'consultations.report_abuse'),
    ('csw', 'consultations.sensitive.read'), ('csw', 'consultations.stats'),
    ('district_member', 'consultations.read'), ('district_member', 'consultations.write'), ('district_member', 'consultations.report_abuse'), ('district_member', 'consultations.stats'),
    ('commissioner', 'consultations.read'), ('commissioner', 'consultations.write'), ('commissioner', 'consultations.report_abuse'),
    ('agency_staff', 'consultations.read'), ('agency_staff', 'consultations.write'), ('agency_staff', 'consultations.report_abuse'),
    ('council_staff', 'consultations.read'), ('council_staff', 'consultations.write'), ('council_staff', 'consultations.report_abuse'), ('council_staff', 'consultations.stats')
  ) AS p (role_code, permission) ON p.role_code = r.role_code
ON CONFLICT DO NOTHING;
