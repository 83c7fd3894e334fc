-- Numbered paper copies of the 避難行動要支援者名簿 and of 個別避難計画 (issue #12 §8, 第49条の13):
-- each copy is numbered per municipality, marked with its recipient, and its ledger entry stays
-- "handed out" until it is returned or destroyed. What it contained (the registrant ids) is kept.
CREATE TABLE evacuation_copies (
  municipality_code text NOT NULL REFERENCES municipalities,
  copy_id text NOT NULL,
  copy_number integer NOT NULL CHECK (copy_number >= 1),
  kind text NOT NULL CHECK (kind IN ('registry', 'plan')),
  district_unit_id text,
  registrant_id text,
  registrant_ids text[] NOT NULL,
  recipient_name text NOT NULL,
  provision_id text,
  status text NOT NULL DEFAULT 'handed_out' CHECK (status IN ('handed_out', 'returned', 'destroyed')),
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by text NOT NULL,
  closed_on date,
  closed_by text,
  PRIMARY KEY (municipality_code, copy_id),
  UNIQUE (municipality_code, copy_number),
  FOREIGN KEY (municipality_code, district_unit_id) REFERENCES units (municipality_code, unit_id),
  FOREIGN KEY (municipality_code, registrant_id) REFERENCES evacuation_registrants (municipality_code, registrant_id),
  FOREIGN KEY (municipality_code, provision_id) REFERENCES evacuation_provisions (municipality_code, provision_id),
  CHECK ((kind = 'registry') = (district_unit_id IS NOT NULL)),
  CHECK ((kind = 'plan') = (registrant_id IS NOT NULL))
);
