-- People: residents and households (issue #3). Names exactly as registered, katakana readings,
-- and a folded search key with its index tokens (core/japanese/search-key.ts computes both,
-- on insert and on query). Sensitive (要配慮) attributes live in their own table.

-- Which unit looks after an address: 町名 → district council (data, editable with the org).
CREATE TABLE unit_towns (
  municipality_code text NOT NULL,
  town_name text NOT NULL,
  unit_id text NOT NULL,
  PRIMARY KEY (municipality_code, town_name),
  FOREIGN KEY (municipality_code, unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE households (
  municipality_code text NOT NULL REFERENCES municipalities,
  household_id text NOT NULL,
  register_household_id text,
  address_raw text NOT NULL DEFAULT '',
  address_normalised text NOT NULL DEFAULT '',
  owner_unit_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, household_id),
  UNIQUE (municipality_code, register_household_id),
  FOREIGN KEY (municipality_code, owner_unit_id) REFERENCES units (municipality_code, unit_id)
);

CREATE TABLE people (
  municipality_code text NOT NULL REFERENCES municipalities,
  person_id text NOT NULL,
  -- 宛名番号 / 住民番号 from the resident register: the key of register imports.
  register_id text,
  family_name text NOT NULL,
  given_name text NOT NULL,
  family_name_kana text NOT NULL,
  given_name_kana text NOT NULL,
  alias_name text NOT NULL DEFAULT '',            -- 通称
  birth_date date NOT NULL,
  sex text CHECK (sex IN ('male', 'female', 'other')),
  postal_code text NOT NULL DEFAULT '',
  address_raw text NOT NULL DEFAULT '',
  address_normalised text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  phone_digits text NOT NULL DEFAULT '',
  household_id text,
  household_relation text NOT NULL DEFAULT '',    -- 続柄 as registered (世帯主, 妻, 子 …)
  data_controller text NOT NULL CHECK (data_controller IN ('city', 'council', 'commissioner')),
  owner_unit_id text NOT NULL,
  area_id text,
  created_by text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'deceased', 'merged')),
  status_on date,
  merged_into text,
  name_key text NOT NULL,
  kana_key text NOT NULL,
  search_tokens text[] NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, person_id),
  UNIQUE (municipality_code, register_id),
  FOREIGN KEY (municipality_code, household_id) REFERENCES households (municipality_code, household_id),
  FOREIGN KEY (municipality_code, owner_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, area_id) REFERENCES areas (municipality_code, area_id)
);
CREATE INDEX people_tokens_idx ON people USING gin (search_tokens);
CREATE INDEX people_name_key_idx ON people (municipality_code, name_key text_pattern_ops);
CREATE INDEX people_kana_key_idx ON people (municipality_code, kana_key text_pattern_ops);
CREATE INDEX people_birth_idx ON people (municipality_code, birth_date);
CREATE INDEX people_phone_idx ON people (municipality_code, phone_digits) WHERE phone_digits <> '';
CREATE INDEX people_owner_idx ON people (municipality_code, owner_unit_id);
CREATE INDEX people_household_idx ON people (municipality_code, household_id);

-- キーパーソン, ordered 緊急連絡先, family: to another person record or to a named contact.
CREATE TABLE person_relationships (
  municipality_code text NOT NULL,
  relationship_id text NOT NULL,
  person_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('key_person', 'emergency_contact', 'family')),
  related_person_id text,
  contact_name text NOT NULL DEFAULT '',
  contact_phone text NOT NULL DEFAULT '',
  relation_label text NOT NULL DEFAULT '',        -- 長女, 甥, 近所の方 …
  priority integer NOT NULL DEFAULT 1,
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, relationship_id),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id),
  FOREIGN KEY (municipality_code, related_person_id) REFERENCES people (municipality_code, person_id)
);
CREATE INDEX person_relationships_person_idx ON person_relationships (municipality_code, person_id);

-- 要配慮個人情報 (個人情報保護法 第2条第3項): kept apart, read only with people.sensitive.read.
CREATE TABLE person_sensitive (
  municipality_code text NOT NULL,
  person_id text NOT NULL,
  category text NOT NULL,                          -- care_level, disability, health, …
  value text NOT NULL,
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_code, person_id, category),
  FOREIGN KEY (municipality_code, person_id) REFERENCES people (municipality_code, person_id)
);

-- History of every change of a person record, to show and to explain merges later.
CREATE TABLE person_changes (
  municipality_code text NOT NULL,
  person_id text NOT NULL,
  version integer NOT NULL,
  change_kind text NOT NULL CHECK (change_kind IN ('created', 'updated', 'imported', 'status', 'merged_into', 'absorbed')),
  changed_by text,
  changed_at timestamptz NOT NULL DEFAULT now(),
  before jsonb,
  after jsonb,
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (municipality_code, person_id, version)
);

CREATE TABLE person_merges (
  municipality_code text NOT NULL,
  merge_id text NOT NULL,
  survivor_id text NOT NULL,
  merged_id text NOT NULL,
  reason text NOT NULL,
  merged_by text NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  merged_snapshot jsonb NOT NULL,
  PRIMARY KEY (municipality_code, merge_id)
);

-- Register imports: analysed first (dry run), applied only when a person confirms.
CREATE TABLE import_jobs (
  municipality_code text NOT NULL REFERENCES municipalities,
  import_id text NOT NULL,
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  encoding text NOT NULL CHECK (encoding IN ('cp932', 'utf8')),
  status text NOT NULL CHECK (status IN ('analysing', 'ready', 'applying', 'applied', 'failed', 'cancelled')),
  total_rows integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  problems jsonb NOT NULL DEFAULT '[]',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz,
  PRIMARY KEY (municipality_code, import_id)
);

CREATE TABLE import_rows (
  municipality_code text NOT NULL,
  import_id text NOT NULL,
  line_no integer NOT NULL,
  action text NOT NULL CHECK (action IN ('new', 'changed', 'moved_out', 'deceased', 'unchanged', 'error')),
  register_id text,
  data jsonb NOT NULL,
  PRIMARY KEY (municipality_code, import_id, line_no),
  FOREIGN KEY (municipality_code, import_id) REFERENCES import_jobs (municipality_code, import_id) ON DELETE CASCADE
);
