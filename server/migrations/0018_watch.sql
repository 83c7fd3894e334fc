-- 見守り (issue #11, docs/watch.md): watch plans, visits logged from a phone (idempotent by the
-- client's request id), the overdue ladder as data, campaigns, partner businesses under a
-- 見守り協定 and their reports, zone handovers at a change of 民生委員, and the 民生委員's
-- activity record (民生委員・児童委員活動記録). Every key leads with municipality_code.

-- The overdue ladder, per kind of plan: how many days after a contact fell due each step alerts
-- whom (the watcher, the district council, the area centre's CSW). Data, edited by the city.
CREATE TABLE watch_ladder_steps (
  municipality_code text NOT NULL REFERENCES municipalities,
  ladder_kind text NOT NULL CHECK (ladder_kind IN ('commissioner', 'welfare_helper', 'neighbour', 'partner', 'campaign')),
  step integer NOT NULL CHECK (step BETWEEN 1 AND 3),
  days_overdue integer NOT NULL CHECK (days_overdue BETWEEN 0 AND 60),
  target text NOT NULL CHECK (target IN ('watcher', 'district', 'area_csw')),
  PRIMARY KEY (municipality_code, ladder_kind, step)
);

-- Businesses under a 見守り協定 (newspaper, milk, gas, co-op delivery, post).
CREATE TABLE watch_partners (
  municipality_code text NOT NULL REFERENCES municipalities,
  partner_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('newspaper', 'milk', 'gas', 'coop', 'post', 'other')),
  agreement_on date NOT NULL,
  agreement_ref text NOT NULL DEFAULT '',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, partner_id)
);

-- Which accounts report for a partner (role watch_partner: a report form, no list).
CREATE TABLE watch_partner_accounts (
  municipality_code text NOT NULL,
  partner_id text NOT NULL,
  account_id text NOT NULL,
  PRIMARY KEY (municipality_code, account_id),
  FOREIGN KEY (municipality_code, partner_id) REFERENCES watch_partners (municipality_code, partner_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id) ON DELETE CASCADE
);

-- A temporary higher frequency for a group (熱中症警戒アラート: everyone over 75 living alone, daily).
CREATE TABLE watch_campaigns (
  municipality_code text NOT NULL REFERENCES municipalities,
  campaign_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('heat_alert', 'cold_wave', 'disaster_warning', 'other')),
  min_age integer NOT NULL CHECK (min_age BETWEEN 0 AND 120),
  living_alone boolean NOT NULL,
  district_unit_ids text[] NOT NULL DEFAULT '{}',
  frequency_days integer NOT NULL CHECK (frequency_days BETWEEN 1 AND 7),
  legal_basis text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  started_by text NOT NULL,
  ended_at timestamptz,
  ended_by text,
  plans_created integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, campaign_id),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE watch_plans (
  municipality_code text NOT NULL REFERENCES municipalities,
  plan_id text NOT NULL,
  person_id text NOT NULL,
  -- The owner: the district council of the person's address (the tier tree's district).
  district_unit_id text NOT NULL,
  -- The 民生委員 zone the person lives in: its commissioner sees and works the plan.
  zone_area_id text,
  watcher_kind text NOT NULL CHECK (watcher_kind IN ('commissioner', 'welfare_helper', 'neighbour', 'partner')),
  watcher_account_id text,
  watcher_name text NOT NULL DEFAULT '',
  partner_id text,
  -- A plan exists only with consent (and its scope) or a recorded legal basis.
  basis text NOT NULL CHECK (basis IN ('consent', 'legal')),
  consent_scope text[] NOT NULL DEFAULT '{}',
  consent_recorded_on date,
  legal_basis text NOT NULL DEFAULT '',
  legal_basis_note text NOT NULL DEFAULT '',
  frequency_days integer NOT NULL CHECK (frequency_days BETWEEN 1 AND 92),
  channel text NOT NULL CHECK (channel IN ('visit', 'phone', 'gate_light', 'delivery')),
  ladder_kind text NOT NULL CHECK (ladder_kind IN ('commissioner', 'welfare_helper', 'neighbour', 'partner', 'campaign')),
  campaign_id text,
  starts_on date NOT NULL,
  ends_on date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
  status_reason text NOT NULL DEFAULT '',
  -- Kept on every visit: the last contact (someone saw or spoke to the person), the last
  -- attempt of any kind, when the next contact falls due, and the ladder step reached since.
  last_contact_at timestamptz,
  last_visit_at timestamptz,
  last_status text,
  due_at timestamptz NOT NULL,
  ladder_step integer NOT NULL DEFAULT 0 CHECK (ladder_step BETWEEN 0 AND 3),
  -- When the next step of the ladder falls due (null: no step left), so the job reads only what is due.
  next_alert_at timestamptz,
  note text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, plan_id),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, zone_area_id) REFERENCES areas (municipality_code, area_id),
  FOREIGN KEY (municipality_code, watcher_account_id) REFERENCES accounts (municipality_code, account_id),
  FOREIGN KEY (municipality_code, partner_id) REFERENCES watch_partners (municipality_code, partner_id),
  FOREIGN KEY (municipality_code, campaign_id) REFERENCES watch_campaigns (municipality_code, campaign_id),
  CHECK (basis <> 'consent' OR ('watcher' = ANY (consent_scope) AND consent_recorded_on IS NOT NULL)),
  CHECK (basis <> 'legal' OR legal_basis <> ''),
  CHECK (watcher_kind <> 'partner' OR partner_id IS NOT NULL),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
-- The overdue dashboard and the ladder read active plans by due time, whole or per district/zone/watcher.
CREATE INDEX watch_plans_due_idx ON watch_plans (municipality_code, due_at, plan_id) WHERE status = 'active';
CREATE INDEX watch_plans_district_due_idx ON watch_plans (municipality_code, district_unit_id, due_at, plan_id) WHERE status = 'active';
CREATE INDEX watch_plans_zone_due_idx ON watch_plans (municipality_code, zone_area_id, due_at, plan_id);
CREATE INDEX watch_plans_watcher_due_idx ON watch_plans (municipality_code, watcher_account_id, due_at, plan_id);
CREATE INDEX watch_plans_district_idx ON watch_plans (municipality_code, district_unit_id, due_at, plan_id);
CREATE INDEX watch_plans_person_idx ON watch_plans (municipality_code, person_id);
CREATE INDEX watch_plans_next_alert_idx ON watch_plans (next_alert_at) WHERE status = 'active' AND next_alert_at IS NOT NULL;
CREATE INDEX watch_plans_campaign_idx ON watch_plans (municipality_code, campaign_id) WHERE campaign_id IS NOT NULL;

-- A contact or an attempt. The phone gives each one its id when it is made; the same visit
-- posted twice (a retry after a lost answer, an outbox sent again) stores one row.
CREATE TABLE watch_visits (
  municipality_code text NOT NULL,
  visit_id text NOT NULL,
  plan_id text NOT NULL,
  client_request_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('fine', 'concern', 'absent', 'emergency')),
  note text NOT NULL DEFAULT '',
  channel text NOT NULL,
  visited_at timestamptz NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  consultation_id text,
  PRIMARY KEY (municipality_code, visit_id),
  UNIQUE (municipality_code, client_request_id),
  FOREIGN KEY (municipality_code, plan_id) REFERENCES watch_plans (municipality_code, plan_id),
  FOREIGN KEY (municipality_code, recorded_by) REFERENCES accounts (municipality_code, account_id)
);
CREATE INDEX watch_visits_plan_idx ON watch_visits (municipality_code, plan_id, visited_at DESC);

-- One alert per step of the ladder per overdue contact (the episode is the due time overdue).
CREATE TABLE watch_alerts (
  municipality_code text NOT NULL,
  alert_id text NOT NULL,
  plan_id text NOT NULL,
  due_at timestamptz NOT NULL,
  step integer NOT NULL,
  target text NOT NULL,
  target_unit_id text,
  target_account_id text,
  raised_at timestamptz NOT NULL,
  PRIMARY KEY (municipality_code, alert_id),
  UNIQUE (municipality_code, plan_id, due_at, step),
  FOREIGN KEY (municipality_code, plan_id) REFERENCES watch_plans (municipality_code, plan_id)
);

-- A partner's report ("newspapers piling up"): routed to the district of the address as a concern.
CREATE TABLE watch_partner_reports (
  municipality_code text NOT NULL,
  report_id text NOT NULL,
  partner_id text NOT NULL,
  client_request_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('newspapers_piling', 'meter_not_moving', 'no_answer', 'lights', 'other')),
  address text NOT NULL,
  note text NOT NULL DEFAULT '',
  observed_at timestamptz NOT NULL,
  district_unit_id text NOT NULL,
  consultation_id text NOT NULL,
  reported_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, report_id),
  UNIQUE (municipality_code, client_request_id),
  FOREIGN KEY (municipality_code, partner_id) REFERENCES watch_partners (municipality_code, partner_id),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id)
);

-- A change of 民生委員 (terms of 3 years from 12月1日): the zone's plans move to the successor in
-- one reviewed step — proposed by one person, confirmed by a second — on the effective day.
CREATE TABLE watch_zone_handovers (
  municipality_code text NOT NULL,
  handover_id text NOT NULL,
  zone_area_id text NOT NULL,
  from_account_id text NOT NULL,
  to_account_id text NOT NULL,
  effective_on date NOT NULL,
  reason text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'applied', 'cancelled')),
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by text,
  confirmed_at timestamptz,
  applied_at timestamptz,
  plans_moved integer,
  cancelled_by text,
  PRIMARY KEY (municipality_code, handover_id),
  FOREIGN KEY (municipality_code, zone_area_id) REFERENCES areas (municipality_code, area_id),
  FOREIGN KEY (municipality_code, from_account_id) REFERENCES accounts (municipality_code, account_id),
  FOREIGN KEY (municipality_code, to_account_id) REFERENCES accounts (municipality_code, account_id),
  CHECK (from_account_id <> to_account_id),
  CHECK (confirmed_by IS NULL OR confirmed_by <> proposed_by)
);
CREATE UNIQUE INDEX watch_zone_handovers_open_idx ON watch_zone_handovers (municipality_code, zone_area_id) WHERE status IN ('proposed', 'confirmed');

-- 民生委員・児童委員活動記録 (厚生労働省 福祉行政報告例の項目): one row per entry, counted by kind.
CREATE TABLE commissioner_activities (
  municipality_code text NOT NULL,
  activity_id text NOT NULL,
  account_id text NOT NULL,
  district_unit_id text,
  activity_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('consultation', 'other_activity', 'visit', 'liaison', 'day')),
  field text,
  subject text,
  count integer NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 99),
  visit_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, activity_id),
  UNIQUE (municipality_code, visit_id),
  FOREIGN KEY (municipality_code, account_id) REFERENCES accounts (municipality_code, account_id),
  CHECK (kind <> 'consultation' OR (field IS NOT NULL AND subject IS NOT NULL)),
  CHECK (kind NOT IN ('other_activity', 'liaison') OR subject IS NOT NULL)
);
CREATE INDEX commissioner_activities_month_idx ON commissioner_activities (municipality_code, activity_on, account_id);

-- The ladder every municipality starts with (ensureWatchDefaults does the same for new ones).
INSERT INTO watch_ladder_steps (municipality_code, ladder_kind, step, days_overdue, target)
SELECT m.municipality_code, d.ladder_kind, d.step, d.days_overdue, d.target
  FROM municipalities m CROSS JOIN (VALUES
    ('commissioner', 1, 1, 'watcher'), ('commissioner', 2, 4, 'district'), ('commissioner', 3, 8, 'area_csw'),
    ('welfare_helper', 1, 1, 'watcher'), ('welfare_helper', 2, 3, 'district'), ('welfare_helper', 3, 6, 'area_csw'),
    ('neighbour', 1, 1, 'watcher'), ('neighbour', 2, 2, 'district'), ('neighbour', 3, 3, 'area_csw'),
    ('partner', 1, 1, 'watcher'), ('partner', 2, 2, 'district'), ('partner', 3, 3, 'area_csw'),
    ('campaign', 1, 0, 'watcher'), ('campaign', 2, 1, 'district'), ('campaign', 3, 2, 'area_csw')
  ) AS d (ladder_kind, step, days_overdue, target)
ON CONFLICT DO NOTHING;

-- The two roles watch-over adds, and the watch permissions of the existing roles (core/roles.ts, docs/roles.md).
INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp)
SELECT municipality_code, 'watcher', '見守り協力者（福祉員・近隣）', 'Watch-over helper (welfare helper, neighbour)', 'own', true FROM municipalities
ON CONFLICT DO NOTHING;
INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp)
SELECT municipality_code, 'watch_partner', '見守り協定事業者', 'Watch-over partner business', 'own', false FROM municipalities
ON CONFLICT DO NOTHING;
INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT r.municipality_code, r.role_code, p.permission
  FROM roles r JOIN (VALUES
    ('commissioner', 'watch.read'), ('commissioner', 'watch.write'), ('commissioner', 'watch.visit'), ('commissioner', 'commissioners.activity'),
    ('district_member', 'watch.read'), ('district_member', 'watch.write'), ('district_member', 'watch.visit'), ('district_member', 'watch.campaign'),
    ('district_member', 'commissioners.report'),
    ('csw', 'watch.read'), ('csw', 'watch.write'), ('csw', 'watch.visit'),
    ('coordinator', 'watch.read'),
    ('city_admin', 'watch.read'), ('city_admin', 'watch.write'), ('city_admin', 'watch.visit'), ('city_admin', 'watch.campaign'), ('city_admin', 'watch.handover'),
    ('city_admin', 'watch.configure'), ('city_admin', 'commissioners.report'),
    ('council_staff', 'watch.handover'), ('council_staff', 'watch.configure'),
    ('watcher', 'self.read'), ('watcher', 'self.manage'), ('watcher', 'org.read'), ('watcher', 'watch.read'), ('watcher', 'watch.visit'),
    ('watch_partner', 'self.read'), ('watch_partner', 'self.manage'), ('watch_partner', 'watch.report')
  ) AS p (role_code, permission) ON p.role_code = r.role_code
ON CONFLICT DO NOTHING;
