-- One kind of time-boxed access (issue #9 §2, docs/decisions/0011): record_grants holds every
-- grant — to an account or to a unit (its members holding the record type's permission
-- receive), on one record or on every record of a type in a unit or an area (disaster mode) —
-- with what opened it, and when and why it was closed. Referral receivers and conference
-- members move onto it; referrals.grant_ends_at goes.

ALTER TABLE record_grants
  ALTER COLUMN account_id DROP NOT NULL,
  ALTER COLUMN record_id DROP NOT NULL,
  ADD COLUMN grantee_unit_id text,
  ADD COLUMN scope_unit_id text,
  ADD COLUMN scope_area_id text,
  ADD COLUMN source_type text,
  ADD COLUMN source_id text,
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN closed_by text,
  ADD COLUMN close_reason text,
  ADD CONSTRAINT record_grants_one_grantee CHECK ((account_id IS NULL) <> (grantee_unit_id IS NULL)),
  ADD CONSTRAINT record_grants_one_target CHECK (num_nonnulls(record_id, scope_unit_id, scope_area_id) = 1),
  ADD CONSTRAINT record_grants_ends_after_start CHECK (ends_at > starts_at),
  ADD FOREIGN KEY (municipality_code, grantee_unit_id) REFERENCES units (municipality_code, unit_id),
  ADD FOREIGN KEY (municipality_code, scope_unit_id) REFERENCES units (municipality_code, unit_id),
  ADD FOREIGN KEY (municipality_code, scope_area_id) REFERENCES areas (municipality_code, area_id);

CREATE INDEX record_grants_unit_idx ON record_grants (municipality_code, grantee_unit_id, record_type, record_id) WHERE grantee_unit_id IS NOT NULL;
CREATE INDEX record_grants_source_idx ON record_grants (municipality_code, source_type, source_id) WHERE source_type IS NOT NULL;
CREATE INDEX record_grants_open_idx ON record_grants (ends_at) WHERE closed_at IS NULL;

-- How long a referral's receiver keeps access while it stays open (renewed at each step it takes).
ALTER TABLE consultation_settings
  ADD COLUMN referral_open_grant_days integer NOT NULL DEFAULT 365 CHECK (referral_open_grant_days >= 1);

-- Existing referrals: the receiving unit's grant, with the basis of what was shared.
INSERT INTO record_grants (municipality_code, grant_id, record_type, record_id, grantee_unit_id, reason, legal_basis, granted_by,
  starts_at, ends_at, source_type, source_id, closed_at, closed_by, close_reason)
SELECT r.municipality_code, 'referral-' || r.referral_id, 'referral', r.referral_id, r.to_unit_id, 'referral_receiver',
       CASE r.sharing WHEN 'consent' THEN '本人の同意（関係機関への提供）' ELSE '必要最小限の提供（個人情報保護法 第69条第2項 / 第27条第1項）' END,
       r.sent_by, r.sent_at, COALESCE(r.grant_ends_at, GREATEST(r.sent_at, now()) + interval '365 days'), 'referral', r.referral_id,
       CASE WHEN r.grant_ends_at <= now() THEN r.grant_ends_at END,
       CASE WHEN r.grant_ends_at <= now() THEN 'system' END,
       CASE WHEN r.grant_ends_at <= now() THEN 'expired' END
  FROM referrals r;
ALTER TABLE referrals DROP COLUMN grant_ends_at;

-- Conferences can be closed (their members' grants end); members' grants last a year after the meeting until then.
ALTER TABLE conferences ADD COLUMN closed_at timestamptz;
INSERT INTO record_grants (municipality_code, grant_id, record_type, record_id, account_id, reason, legal_basis, granted_by,
  starts_at, ends_at, source_type, source_id)
SELECT mem.municipality_code, 'conference-' || mem.conference_id || '-' || mem.member_id, 'conference', mem.conference_id, mem.account_id,
       'conference_member', c.legal_basis, c.convened_by, COALESCE(mem.pledged_at, c.created_at),
       GREATEST(c.scheduled_at, COALESCE(mem.pledged_at, c.created_at)) + interval '365 days', 'conference', c.conference_id
  FROM conference_members mem
  JOIN conferences c ON c.municipality_code = mem.municipality_code AND c.conference_id = mem.conference_id
 WHERE mem.account_id IS NOT NULL AND (c.kind <> 'support_meeting' OR mem.pledged_at IS NOT NULL);

-- Who in a district council receives a referral sent to it (issue #14 §3): its members, not its 民生委員.
INSERT INTO role_permissions (municipality_code, role_code, permission)
SELECT municipality_code, role_code, 'referrals.respond' FROM roles WHERE role_code = 'district_member'
ON CONFLICT DO NOTHING;
