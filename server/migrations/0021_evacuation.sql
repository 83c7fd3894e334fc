-- 避難行動要支援者名簿, 個別避難計画, disaster mode and the 安否確認 roll-call (issue #12,
-- docs/evacuation.md, decisions 0016 and 0017). Every key leads with municipality_code.

-- How the municipality provides the registry in normal times (災害対策基本法 第49条の11第2項):
-- explicit consent, or an ordinance (presumed unless refused / provision with a right to refuse).
CREATE TABLE evacuation_settings (
  municipality_code text NOT NULL REFERENCES municipalities,
  consent_regime text NOT NULL CHECK (consent_regime IN ('explicit', 'presumed_unless_refused', 'ordinance_with_refusal')),
  ordinance_ref text NOT NULL DEFAULT '',
  ordinance_recipients text[] NOT NULL DEFAULT '{}',
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code)
);

-- Eligibility as data: which reasons put a person on the registry (要介護3〜5, 身体障害者手帳1・2級 …).
CREATE TABLE evacuation_eligibility_rules (
  municipality_code text NOT NULL REFERENCES municipalities,
  reason_code text NOT NULL,
  qualifies boolean NOT NULL,
  PRIMARY KEY (municipality_code, reason_code)
);

-- One registrant per person. The 第49条の10 items (氏名, 生年月日, 性別, 住所, 連絡先) are read from
-- people; the reasons with their source and last-confirmed day; shared_with is what regime × consent
-- allows in normal times (recomputed when either changes).
CREATE TABLE evacuation_registrants (
  municipality_code text NOT NULL REFERENCES municipalities,
  registrant_id text NOT NULL,
  person_id text NOT NULL,
  district_unit_id text NOT NULL,
  zone_area_id text,
  lat double precision,
  lng double precision,
  reasons jsonb NOT NULL,
  reason_codes text[] NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'declined', 'removed')),
  status_reason text NOT NULL DEFAULT '',
  declined_on date,
  consent_state text NOT NULL CHECK (consent_state IN ('given', 'refused', 'not_asked')),
  consent_recipients text[] NOT NULL DEFAULT '{}',
  consent_recorded_on date,
  shared_with text[] NOT NULL DEFAULT '{}',
  mobility text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  hazards text[] NOT NULL DEFAULT '{}',
  priority integer,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, registrant_id),
  UNIQUE (municipality_code, person_id),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, zone_area_id) REFERENCES areas (municipality_code, area_id),
  CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX evacuation_registrants_district_idx ON evacuation_registrants (municipality_code, district_unit_id, registrant_id);
CREATE INDEX evacuation_registrants_zone_idx ON evacuation_registrants (municipality_code, zone_area_id, registrant_id) WHERE zone_area_id IS NOT NULL;

-- Shelters: 指定避難所, 福祉避難所 (a plan's destination, a roll-call's "where").
CREATE TABLE evacuation_shelters (
  municipality_code text NOT NULL REFERENCES municipalities,
  shelter_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('designated', 'welfare', 'relatives', 'other')),
  district_unit_id text,
  address text NOT NULL DEFAULT '',
  lat double precision,
  lng double precision,
  PRIMARY KEY (municipality_code, shelter_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id)
);

-- 個別避難計画 (第49条の14〜17): every saved version is kept; the newest is the plan.
CREATE TABLE evacuation_plans (
  municipality_code text NOT NULL,
  registrant_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  consent_given boolean NOT NULL,
  consent_recorded_on date NOT NULL,
  body jsonb NOT NULL,
  shelter_id text,
  priority integer NOT NULL CHECK (priority BETWEEN 1 AND 5),
  review_on date NOT NULL,
  saved_by text NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, registrant_id, version),
  FOREIGN KEY (municipality_code, registrant_id) REFERENCES evacuation_registrants (municipality_code, registrant_id),
  FOREIGN KEY (municipality_code, shelter_id) REFERENCES evacuation_shelters (municipality_code, shelter_id)
);

-- Provision records per recipient (第49条の11第2項, 第49条の13): the agreement, the pledge, what was
-- given (numbered paper copies or access), its return or destruction.
CREATE TABLE evacuation_provisions (
  municipality_code text NOT NULL REFERENCES municipalities,
  provision_id text NOT NULL,
  recipient_class text NOT NULL CHECK (recipient_class IN ('commissioner', 'fire', 'police', 'council', 'voluntary_disaster_org', 'neighbourhood_assoc')),
  recipient_name text NOT NULL,
  district_unit_id text,
  zone_area_id text,
  agreement_ref text NOT NULL,
  pledge_on date NOT NULL,
  form text NOT NULL CHECK (form IN ('paper', 'access')),
  given_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'returned', 'destroyed')),
  closed_on date,
  note text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, provision_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, zone_area_id) REFERENCES areas (municipality_code, area_id)
);

-- The accounts of a recipient who may see what its provision allows.
CREATE TABLE evacuation_provision_accounts (
  municipality_code text NOT NULL,
  provision_id text NOT NULL,
  account_id text NOT NULL,
  PRIMARY KEY (municipality_code, provision_id, account_id),
  FOREIGN KEY (municipality_code, provision_id) REFERENCES evacuation_provisions (municipality_code, provision_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE
);
CREATE INDEX evacuation_provision_accounts_account_idx ON evacuation_provision_accounts (municipality_code, account_id);

-- Disaster mode (第49条の11第3項, decision 0017): for the whole city or some districts.
CREATE TABLE evacuation_disasters (
  municipality_code text NOT NULL REFERENCES municipalities,
  disaster_id text NOT NULL,
  name text NOT NULL,
  reason text NOT NULL,
  district_unit_ids text[] NOT NULL,
  whole_city boolean NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  started_at timestamptz NOT NULL,
  started_by text NOT NULL,
  ended_at timestamptz,
  ended_by text,
  end_reason text NOT NULL DEFAULT '',
  grants_opened integer NOT NULL DEFAULT 0,
  grants_closed integer,
  PRIMARY KEY (municipality_code, disaster_id)
);

-- Who checks on whom in a roll-call (a supporter's list).
CREATE TABLE evacuation_assignments (
  municipality_code text NOT NULL,
  disaster_id text NOT NULL,
  registrant_id text NOT NULL,
  account_id text NOT NULL,
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, disaster_id, account_id, registrant_id),
  FOREIGN KEY (municipality_code, disaster_id) REFERENCES evacuation_disasters (municipality_code, disaster_id),
  FOREIGN KEY (municipality_code, registrant_id) REFERENCES evacuation_registrants (municipality_code, registrant_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id)
);

-- 安否確認: append-only; the phone's clientRequestId stores a report once; conflicting reports all
-- stay and the newest is shown. No foreign keys on the hot path but the event's (checked by the service).
CREATE TABLE evacuation_checks (
  municipality_code text NOT NULL,
  check_id text NOT NULL,
  disaster_id text NOT NULL,
  registrant_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('unconfirmed', 'safe_home', 'evacuated', 'needs_rescue', 'absent', 'injured_or_dead')),
  shelter_id text,
  note text NOT NULL DEFAULT '',
  client_request_id text NOT NULL,
  checked_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  checked_by text NOT NULL,
  PRIMARY KEY (municipality_code, check_id),
  UNIQUE (municipality_code, client_request_id),
  FOREIGN KEY (municipality_code, disaster_id) REFERENCES evacuation_disasters (municipality_code, disaster_id)
);
CREATE INDEX evacuation_checks_latest_idx ON evacuation_checks (municipality_code, disaster_id, registrant_id, checked_at DESC, recorded_at DESC);

CREATE FUNCTION evacuation_checks_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evacuation_checks is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER evacuation_checks_no_change BEFORE UPDATE OR DELETE ON evacuation_checks
  FOR EACH ROW EXECUTE FUNCTION evacuation_checks_append_only();

-- The two roles the registry adds and the evacuation permissions of existing roles, for municipalities
-- seeded before this migration (core/roles.ts seeds them for new ones; docs/roles.md).
INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp)
SELECT municipality_code, 'disaster_staff', '防災担当職員（防災危機管理）', 'Disaster management staff', 'municipality', true FROM municipalities
ON CONFLICT DO NOTHING;
INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp)
SELECT municipality_code, 'evacuation_supporter', '避難支援等関係者（消防・警察・自主防災組織・自治会）',
       'Evacuation supporter (fire, police, voluntary disaster org., neighbourhood assoc.)', 'own', true FROM municipalities
ON CONFLICT DO NOTHING;

INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, p.permission
  FROM roles r
  JOIN (VALUES
    ('disaster_staff', 'self.read'), ('disaster_staff', 'self.manage'), ('disaster_staff', 'org.read'), ('disaster_staff', 'people.read'),
    ('disaster_staff', 'evacuation.read'), ('disaster_staff', 'evacuation.write'), ('disaster_staff', 'evacuation.configure'),
    ('disaster_staff', 'evacuation.provide'), ('disaster_staff', 'evacuation.progress'), ('disaster_staff', 'evacuation.export'),
    ('disaster_staff', 'evacuation.disaster'), ('disaster_staff', 'evacuation.rollcall'),
    ('evacuation_supporter', 'self.read'), ('evacuation_supporter', 'self.manage'), ('evacuation_supporter', 'org.read'),
    ('evacuation_supporter', 'evacuation.read'), ('evacuation_supporter', 'evacuation.rollcall'),
    ('city_admin', 'evacuation.read'), ('city_admin', 'evacuation.write'), ('city_admin', 'evacuation.configure'),
    ('city_admin', 'evacuation.provide'), ('city_admin', 'evacuation.progress'), ('city_admin', 'evacuation.export'),
    ('commissioner', 'evacuation.read'), ('commissioner', 'evacuation.rollcall'),
    ('council_staff', 'evacuation.read'), ('council_staff', 'evacuation.rollcall')
  ) AS p (role_code, permission) ON p.role_code = r.role_code
ON CONFLICT DO NOTHING;
