-- 担い手 (issue #13, docs/helpers.md): helpers and volunteers, their availability, trainings and
-- certificates, volunteer insurance by fiscal year, help requests (互助, 移動支援 first), the
-- assignments that match them, hours, and the 地域ささえ愛会議 network. Every key leads with
-- municipality_code. btree_gist lets one exclusion constraint refuse overlapping bookings of a
-- helper in the database itself (PGlite ships it as an extension; PostgreSQL 15 in contrib, trusted).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Approximate representative points of 町名 (demo data for Mine City, marked as such): the
-- fallback position of a helper or a request without a coordinate of its own.
CREATE TABLE town_points (
  municipality_code text NOT NULL REFERENCES municipalities,
  town_name text NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN 20 AND 46),
  lon double precision NOT NULL CHECK (lon BETWEEN 122 AND 154),
  is_approximate boolean NOT NULL DEFAULT true,
  PRIMARY KEY (municipality_code, town_name)
);

-- A helper is a person record plus this profile. A public sign-up waits as `pending` with the
-- applicant's own words in `applicant` and no person record until 社協 staff review it.
CREATE TABLE helpers (
  municipality_code text NOT NULL REFERENCES municipalities,
  helper_id text NOT NULL,
  person_id text,
  account_id text,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'withdrawn')),
  source text NOT NULL CHECK (source IN ('staff', 'public')),
  applicant jsonb,
  display_name text NOT NULL,
  owner_unit_id text NOT NULL,
  skills text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{}',
  plan_roles text[] NOT NULL DEFAULT '{}',
  area_unit_ids text[] NOT NULL DEFAULT '{}',
  has_car boolean NOT NULL DEFAULT false,
  has_licence boolean NOT NULL DEFAULT false,
  may_carry_passengers boolean NOT NULL DEFAULT false,
  available_on_holidays boolean NOT NULL DEFAULT false,
  town_name text NOT NULL DEFAULT '',
  lat double precision,
  lon double precision,
  note text NOT NULL DEFAULT '',
  reviewed_by text,
  reviewed_at timestamptz,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (municipality_code, helper_id),
  UNIQUE (municipality_code, person_id),
  UNIQUE (municipality_code, account_id),
  CHECK (status = 'pending' OR person_id IS NOT NULL),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id),
  FOREIGN KEY (municipality_code, owner_unit_id) REFERENCES units (municipality_code, unit_id)
);
CREATE INDEX helpers_status_idx ON helpers (municipality_code, status, owner_unit_id);

-- The weekly pattern (Japan time, minutes after midnight) and dated exceptions to it.
CREATE TABLE helper_weekly_slots (
  municipality_code text NOT NULL,
  helper_id text NOT NULL,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  from_minute smallint NOT NULL CHECK (from_minute BETWEEN 0 AND 1439),
  to_minute smallint NOT NULL CHECK (to_minute BETWEEN 1 AND 1440),
  PRIMARY KEY (municipality_code, helper_id, weekday, from_minute),
  CHECK (to_minute > from_minute),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id) ON DELETE CASCADE
);
CREATE INDEX helper_weekly_slots_day_idx ON helper_weekly_slots (municipality_code, weekday, helper_id);

CREATE TABLE helper_availability_exceptions (
  municipality_code text NOT NULL,
  helper_id text NOT NULL,
  exception_id text NOT NULL,
  on_date date NOT NULL,
  -- false: away that day (or that part of it); true: available outside the weekly pattern.
  is_available boolean NOT NULL,
  from_minute smallint NOT NULL DEFAULT 0 CHECK (from_minute BETWEEN 0 AND 1439),
  to_minute smallint NOT NULL DEFAULT 1440 CHECK (to_minute BETWEEN 1 AND 1440),
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (municipality_code, helper_id, exception_id),
  CHECK (to_minute > from_minute),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id) ON DELETE CASCADE
);
CREATE INDEX helper_exceptions_date_idx ON helper_availability_exceptions (municipality_code, on_date, helper_id);

-- ボランティア活動保険 by fiscal year: cover from the day after enrolment to 3月31日.
CREATE TABLE helper_insurance (
  municipality_code text NOT NULL,
  insurance_id text NOT NULL,
  helper_id text NOT NULL,
  fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
  plan text NOT NULL CHECK (plan IN ('basic', 'disaster')),
  enrolled_on date NOT NULL,
  covers_from date NOT NULL,
  covers_to date NOT NULL,
  policy_note text NOT NULL DEFAULT '',
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, insurance_id),
  UNIQUE (municipality_code, helper_id, fiscal_year, plan),
  CHECK (covers_to >= covers_from),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id)
);
CREATE INDEX helper_insurance_cover_idx ON helper_insurance (municipality_code, helper_id, covers_to);

-- Each helper is reminded once per fiscal year that their cover ends on 3月31日.
CREATE TABLE helper_insurance_reminders (
  municipality_code text NOT NULL,
  helper_id text NOT NULL,
  fiscal_year integer NOT NULL,
  reminded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, helper_id, fiscal_year),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id)
);

-- Training sessions (認知症サポーター養成講座 …) with lecturers, and who attended.
CREATE TABLE helper_trainings (
  municipality_code text NOT NULL REFERENCES municipalities,
  training_id text NOT NULL,
  course text NOT NULL,
  title text NOT NULL,
  held_on date NOT NULL,
  place text NOT NULL DEFAULT '',
  lecturers text[] NOT NULL DEFAULT '{}',
  district_unit_id text,
  owner_unit_id text NOT NULL,
  valid_years integer CHECK (valid_years IS NULL OR valid_years BETWEEN 1 AND 20),
  -- Participants without a helper record (a school class, a company): counted, not named.
  unnamed_attendees integer NOT NULL DEFAULT 0 CHECK (unnamed_attendees >= 0),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, training_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, owner_unit_id) REFERENCES units (municipality_code, unit_id)
);
CREATE INDEX helper_trainings_held_idx ON helper_trainings (municipality_code, held_on DESC);

CREATE TABLE helper_training_attendance (
  municipality_code text NOT NULL,
  training_id text NOT NULL,
  helper_id text NOT NULL,
  certificate_number text NOT NULL,
  certified_on date NOT NULL,
  expires_on date,
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, training_id, helper_id),
  UNIQUE (municipality_code, certificate_number),
  FOREIGN KEY (municipality_code, training_id) REFERENCES helper_trainings (municipality_code, training_id),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id)
);
CREATE INDEX helper_attendance_helper_idx ON helper_training_attendance (municipality_code, helper_id);

-- Help requests (互助): who needs what, when, where. Free help and low-fee paid help
-- (住民参加型在宅福祉サービス, fee in yen) side by side.
CREATE TABLE help_requests (
  municipality_code text NOT NULL REFERENCES municipalities,
  request_id text NOT NULL,
  receipt_number text NOT NULL,
  kind text NOT NULL,
  source text NOT NULL CHECK (source IN ('consultation', 'watch', 'resident', 'public', 'staff')),
  consultation_id text,
  person_id text,
  requester_label text NOT NULL DEFAULT '',
  requester_phone text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  town_name text NOT NULL DEFAULT '',
  district_unit_id text,
  lat double precision,
  lon double precision,
  destination text NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  return_trip boolean NOT NULL DEFAULT false,
  needs text[] NOT NULL DEFAULT '{}',
  language text NOT NULL DEFAULT '',
  helpers_needed smallint NOT NULL DEFAULT 1 CHECK (helpers_needed BETWEEN 1 AND 5),
  is_disaster boolean NOT NULL DEFAULT false,
  fee_kind text NOT NULL CHECK (fee_kind IN ('free', 'paid')),
  fee_yen integer NOT NULL DEFAULT 0 CHECK (fee_yen BETWEEN 0 AND 100000),
  consent_to_share boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('open', 'assigned', 'done', 'cancelled')),
  note text NOT NULL DEFAULT '',
  owner_unit_id text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (municipality_code, request_id),
  UNIQUE (municipality_code, receipt_number),
  CHECK (ends_at > starts_at),
  CHECK (fee_kind = 'paid' OR fee_yen = 0),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id),
  FOREIGN KEY (municipality_code, consultation_id) REFERENCES consultations (municipality_code, consultation_id),
  FOREIGN KEY (municipality_code, owner_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id)
);
CREATE INDEX help_requests_open_idx ON help_requests (municipality_code, status, starts_at);
CREATE INDEX help_requests_person_idx ON help_requests (municipality_code, person_id);

CREATE TABLE help_request_counters (
  municipality_code text NOT NULL REFERENCES municipalities,
  fiscal_year integer NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (municipality_code, fiscal_year)
);

-- An assignment books a helper into a request's slot. The exclusion constraint is the rule "no
-- helper in two overlapping slots", held by the database even when two coordinators confirm at
-- the same moment; declined and cancelled bookings free the slot.
CREATE TABLE help_assignments (
  municipality_code text NOT NULL,
  assignment_id text NOT NULL,
  request_id text NOT NULL,
  helper_id text NOT NULL,
  owner_unit_id text NOT NULL,
  slot tstzrange NOT NULL,
  status text NOT NULL CHECK (status IN ('confirmed', 'accepted', 'declined', 'cancelled', 'done')),
  reasons jsonb NOT NULL DEFAULT '[]',
  confirmed_by text NOT NULL,
  confirmed_at timestamptz NOT NULL DEFAULT now(),
  responded_at timestamptz,
  decline_reason text NOT NULL DEFAULT '',
  grant_id text,
  PRIMARY KEY (municipality_code, assignment_id),
  FOREIGN KEY (municipality_code, request_id) REFERENCES help_requests (municipality_code, request_id),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id),
  CONSTRAINT help_assignments_no_overlap EXCLUDE USING gist (municipality_code WITH =, helper_id WITH =, slot WITH &&)
    WHERE (status IN ('confirmed', 'accepted', 'done'))
);
CREATE INDEX help_assignments_request_idx ON help_assignments (municipality_code, request_id);
CREATE INDEX help_assignments_helper_idx ON help_assignments (municipality_code, helper_id, status);

-- Hours logged, by the helper from their phone or by staff; totalled per fiscal year.
CREATE TABLE helper_hours (
  municipality_code text NOT NULL,
  hours_id text NOT NULL,
  helper_id text NOT NULL,
  assignment_id text,
  worked_on date NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  activity text NOT NULL,
  note text NOT NULL DEFAULT '',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, hours_id),
  UNIQUE (municipality_code, assignment_id),
  FOREIGN KEY (municipality_code, helper_id) REFERENCES helpers (municipality_code, helper_id),
  FOREIGN KEY (municipality_code, assignment_id) REFERENCES help_assignments (municipality_code, assignment_id)
);
CREATE INDEX helper_hours_helper_idx ON helper_hours (municipality_code, helper_id, worked_on);

-- Receipts of paid help (住民参加型在宅福祉サービス), numbered per fiscal year.
CREATE TABLE help_receipts (
  municipality_code text NOT NULL,
  receipt_id text NOT NULL,
  receipt_number text NOT NULL,
  assignment_id text NOT NULL,
  amount_yen integer NOT NULL CHECK (amount_yen > 0),
  issued_on date NOT NULL,
  issued_by text NOT NULL,
  PRIMARY KEY (municipality_code, receipt_id),
  UNIQUE (municipality_code, receipt_number),
  UNIQUE (municipality_code, assignment_id),
  FOREIGN KEY (municipality_code, assignment_id) REFERENCES help_assignments (municipality_code, assignment_id)
);

-- 地域ささえ愛会議: member organisations, meetings, attendance and decisions.
CREATE TABLE network_organizations (
  municipality_code text NOT NULL REFERENCES municipalities,
  organization_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  district_unit_id text,
  joined_on date NOT NULL,
  left_on date,
  -- 社会福祉法人の地域における公益的な取組 (社会福祉法 第24条第2項): what the corporation does.
  public_interest_activity text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, organization_id),
  CHECK (left_on IS NULL OR left_on >= joined_on),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE network_meetings (
  municipality_code text NOT NULL REFERENCES municipalities,
  meeting_id text NOT NULL,
  held_on date NOT NULL,
  title text NOT NULL,
  place text NOT NULL DEFAULT '',
  agenda text NOT NULL DEFAULT '',
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, meeting_id)
);

CREATE TABLE network_meeting_attendance (
  municipality_code text NOT NULL,
  meeting_id text NOT NULL,
  organization_id text NOT NULL,
  attendees integer NOT NULL DEFAULT 1 CHECK (attendees BETWEEN 1 AND 100),
  PRIMARY KEY (municipality_code, meeting_id, organization_id),
  FOREIGN KEY (municipality_code, meeting_id) REFERENCES network_meetings (municipality_code, meeting_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, organization_id) REFERENCES network_organizations (municipality_code, organization_id)
);

CREATE TABLE network_meeting_decisions (
  municipality_code text NOT NULL,
  meeting_id text NOT NULL,
  decision_no integer NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (municipality_code, meeting_id, decision_no),
  FOREIGN KEY (municipality_code, meeting_id) REFERENCES network_meetings (municipality_code, meeting_id) ON DELETE CASCADE
);

-- The helper role and the helpers permissions for municipalities seeded before this migration
-- (core/roles.ts seeds them for new ones).
INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp)
SELECT municipality_code, 'helper', '担い手・ボランティア', 'Helper / volunteer', 'own', true FROM municipalities
ON CONFLICT DO NOTHING;

INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, p.permission
  FROM roles r
  JOIN (VALUES
    ('helper', 'self.read'), ('helper', 'self.manage'), ('helper', 'org.read'), ('helper', 'helpers.own'), ('helper', 'helpers.hours'),
    ('council_staff', 'helpers.read'), ('council_staff', 'helpers.manage'), ('council_staff', 'helpers.request'),
    ('council_staff', 'helpers.coordinate'), ('council_staff', 'helpers.hours'), ('council_staff', 'helpers.network'),
    ('council_staff', 'helpers.stats'),
    ('coordinator', 'helpers.read'), ('coordinator', 'helpers.request'), ('coordinator', 'helpers.stats'),
    ('csw', 'helpers.request'), ('csw', 'helpers.stats'),
    ('district_member', 'helpers.request'), ('district_member', 'helpers.stats'),
    ('commissioner', 'helpers.request'),
    ('city_admin', 'helpers.stats')
  ) AS p (role_code, permission) ON p.role_code = r.role_code
ON CONFLICT DO NOTHING;
