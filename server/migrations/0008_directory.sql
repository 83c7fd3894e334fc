-- The directory of consultation windows and services (Open Referral HSDS 3.0; docs/directory.md).
-- Table and column names follow HSDS (organization, service, location, service_at_location,
-- phone, contact, schedule, cost_option, language, accessibility, required_document,
-- service_area, address) with a directory_ prefix; sasaeai's own fields (help layer, categories,
-- やさしい日本語 summary, reading, demo, published, org unit) are extra columns, exported as
-- HSDS attributes. Not personal data: organisations and public windows only.
-- Every key includes municipality_code.

CREATE TABLE directory_organizations (
  municipality_code text NOT NULL REFERENCES municipalities,
  organization_id text NOT NULL,
  name text NOT NULL,
  name_reading text NOT NULL DEFAULT '',
  alternate_name text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  website text NOT NULL DEFAULT '',
  unit_id text,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (municipality_code, organization_id),
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE directory_services (
  municipality_code text NOT NULL,
  service_id text NOT NULL,
  organization_id text NOT NULL,
  name text NOT NULL,
  name_reading text NOT NULL DEFAULT '',
  alternate_name text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  easy_summary text NOT NULL DEFAULT '',
  url text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  layer text NOT NULL CHECK (layer IN ('self_help', 'mutual', 'cooperative', 'public')),
  interpretation_services text NOT NULL DEFAULT '',
  application_process text NOT NULL DEFAULT '',
  fees_description text NOT NULL DEFAULT '',
  eligibility_description text NOT NULL DEFAULT '',
  minimum_age integer,
  maximum_age integer,
  assured_date date,
  assurer_email text NOT NULL DEFAULT '',
  alert text NOT NULL DEFAULT '',
  is_published boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  -- searchKey() of name, reading, description, やさしい summary and the organisation's name
  search_key text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (municipality_code, service_id),
  FOREIGN KEY (municipality_code, organization_id) REFERENCES directory_organizations (municipality_code, organization_id)
);
CREATE INDEX directory_services_org_idx ON directory_services (municipality_code, organization_id);

CREATE TABLE directory_service_categories (
  municipality_code text NOT NULL,
  service_id text NOT NULL,
  category_code text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, service_id, category_code),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE
);
CREATE INDEX directory_service_categories_code_idx ON directory_service_categories (municipality_code, category_code);

CREATE TABLE directory_locations (
  municipality_code text NOT NULL,
  location_id text NOT NULL,
  organization_id text NOT NULL,
  location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical', 'postal', 'virtual')),
  url text NOT NULL DEFAULT '',
  name text NOT NULL,
  name_reading text NOT NULL DEFAULT '',
  alternate_name text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  transportation text NOT NULL DEFAULT '',
  latitude double precision,
  longitude double precision,
  unit_id text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (municipality_code, location_id),
  FOREIGN KEY (municipality_code, organization_id) REFERENCES directory_organizations (municipality_code, organization_id),
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE directory_addresses (
  municipality_code text NOT NULL,
  address_id text NOT NULL,
  location_id text NOT NULL,
  attention text NOT NULL DEFAULT '',
  address_1 text NOT NULL,
  address_2 text NOT NULL DEFAULT '',
  city text NOT NULL,
  region text NOT NULL DEFAULT '',
  state_province text NOT NULL,
  postal_code text NOT NULL DEFAULT '',
  country text NOT NULL DEFAULT 'JP',
  address_type text NOT NULL DEFAULT 'physical',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, address_id),
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);

CREATE TABLE directory_service_at_locations (
  municipality_code text NOT NULL,
  service_at_location_id text NOT NULL,
  service_id text NOT NULL,
  location_id text NOT NULL,
  description text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, service_at_location_id),
  UNIQUE (municipality_code, service_id, location_id),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);

CREATE TABLE directory_service_areas (
  municipality_code text NOT NULL,
  service_area_id text NOT NULL,
  service_id text NOT NULL,
  unit_id text,
  name text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  extent text NOT NULL DEFAULT '',
  extent_type text NOT NULL DEFAULT '',
  uri text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, service_area_id),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);

-- A phone, contact, schedule or language belongs to exactly one owner (HSDS allows one of several links).
CREATE TABLE directory_contacts (
  municipality_code text NOT NULL,
  contact_id text NOT NULL,
  organization_id text,
  service_id text,
  location_id text,
  name text NOT NULL DEFAULT '',
  title text NOT NULL DEFAULT '',
  department text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, contact_id),
  CHECK (num_nonnulls(organization_id, service_id, location_id) = 1),
  FOREIGN KEY (municipality_code, organization_id) REFERENCES directory_organizations (municipality_code, organization_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);

CREATE TABLE directory_phones (
  municipality_code text NOT NULL,
  phone_id text NOT NULL,
  organization_id text,
  service_id text,
  location_id text,
  number text NOT NULL,
  extension integer,
  type text NOT NULL DEFAULT 'voice',
  description text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, phone_id),
  CHECK (num_nonnulls(organization_id, service_id, location_id) = 1),
  FOREIGN KEY (municipality_code, organization_id) REFERENCES directory_organizations (municipality_code, organization_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);

CREATE TABLE directory_schedules (
  municipality_code text NOT NULL,
  schedule_id text NOT NULL,
  service_id text,
  location_id text,
  freq text NOT NULL CHECK (freq IN ('WEEKLY', 'MONTHLY')),
  "interval" integer NOT NULL DEFAULT 1 CHECK ("interval" >= 1),
  byday text NOT NULL DEFAULT '',
  bymonthday text NOT NULL DEFAULT '',
  opens_at text NOT NULL,
  closes_at text NOT NULL,
  valid_from date,
  valid_to date,
  dtstart date,
  until date,
  count integer,
  -- closed on national holidays and 年末年始 (12/29–1/3) whatever the rule says
  closed_on_holidays boolean NOT NULL DEFAULT true,
  description text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  -- the RFC 5545 rule of the fields above, kept for iCalendar consumers
  rrule text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, schedule_id),
  CHECK (num_nonnulls(service_id, location_id) = 1),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);

CREATE TABLE directory_languages (
  municipality_code text NOT NULL,
  language_id text NOT NULL,
  service_id text,
  location_id text,
  code text NOT NULL,
  name text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, language_id),
  CHECK (num_nonnulls(service_id, location_id) = 1),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);

CREATE TABLE directory_cost_options (
  municipality_code text NOT NULL,
  cost_option_id text NOT NULL,
  service_id text NOT NULL,
  option text NOT NULL DEFAULT '',
  amount numeric,
  currency text NOT NULL DEFAULT 'JPY',
  amount_description text NOT NULL DEFAULT '',
  valid_from date,
  valid_to date,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, cost_option_id),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE
);

CREATE TABLE directory_required_documents (
  municipality_code text NOT NULL,
  required_document_id text NOT NULL,
  service_id text NOT NULL,
  document text NOT NULL,
  uri text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, required_document_id),
  FOREIGN KEY (municipality_code, service_id) REFERENCES directory_services (municipality_code, service_id) ON DELETE CASCADE
);

CREATE TABLE directory_accessibility (
  municipality_code text NOT NULL,
  accessibility_id text NOT NULL,
  location_id text NOT NULL,
  description text NOT NULL,
  details text NOT NULL DEFAULT '',
  url text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, accessibility_id),
  FOREIGN KEY (municipality_code, location_id) REFERENCES directory_locations (municipality_code, location_id) ON DELETE CASCADE
);
