import type { ConsentRegime, ReasonCode, RecipientClass, ShelterKind } from '../../../core/contracts/evacuation';
import type { Queryable } from '../../platform/db';
import { DEFAULT_QUALIFYING } from './evacuation.policy';

export interface SettingsRow {
  consent_regime: ConsentRegime;
  ordinance_ref: string;
  ordinance_recipients: RecipientClass[];
}

/** The municipality's consent regime; explicit consent when it has set none. */
export async function findSettings(db: Queryable, m: string): Promise<SettingsRow> {
  const { rows } = await db.query<SettingsRow>('SELECT consent_regime, ordinance_ref, ordinance_recipients FROM evacuation_settings WHERE municipality_code = $1', [m]);
  return rows[0] ?? { consent_regime: 'explicit', ordinance_ref: '', ordinance_recipients: [] };
}

export async function upsertSettings(db: Queryable, m: string, s: { regime: ConsentRegime; ordinanceRef: string; recipients: readonly RecipientClass[]; by: string }): Promise<void> {
  await db.query(
    `INSERT INTO evacuation_settings (municipality_code, consent_regime, ordinance_ref, ordinance_recipients, updated_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (municipality_code) DO UPDATE SET consent_regime = $2, ordinance_ref = $3, ordinance_recipients = $4, updated_by = $5, updated_at = now()`,
    [m, s.regime, s.ordinanceRef, s.recipients, s.by],
  );
}

/** The reasons that qualify (eligibility rules as data); the defaults when the municipality has none. */
export async function findQualifying(db: Queryable, m: string): Promise<ReasonCode[]> {
  const { rows } = await db.query<{ reason_code: ReasonCode; qualifies: boolean }>('SELECT reason_code, qualifies FROM evacuation_eligibility_rules WHERE municipality_code = $1', [m]);
  if (rows.length === 0) return [...DEFAULT_QUALIFYING];
  return rows.filter((r) => r.qualifies).map((r) => r.reason_code).sort();
}

/** Replaces the rules: every code is written, qualifying or not, so the table says what was decided. */
export async function replaceQualifying(db: Queryable, m: string, all: readonly ReasonCode[], qualifying: readonly ReasonCode[]): Promise<void> {
  await db.query('DELETE FROM evacuation_eligibility_rules WHERE municipality_code = $1', [m]);
  await db.query(
    `INSERT INTO evacuation_eligibility_rules (municipality_code, reason_code, qualifies)
     SELECT $1, code, code = ANY($3::text[]) FROM unnest($2::text[]) AS code`,
    [m, all, qualifying],
  );
}

/** Recomputes every registrant's normal-time sharing after the regime changed (in the same transaction). */
export async function refreshSharing(db: Queryable, m: string, regime: ConsentRegime, ordinanceRecipients: readonly RecipientClass[]): Promise<number> {
  const { rows } = await db.query(
    `UPDATE evacuation_registrants SET shared_with = ARRAY(
        SELECT DISTINCT c FROM unnest(
          CASE WHEN consent_state = 'refused' THEN '{}'::text[]
               WHEN $2::text = 'explicit' THEN CASE WHEN consent_state = 'given' THEN consent_recipients ELSE '{}'::text[] END
               ELSE $3::text[] || CASE WHEN consent_state = 'given' THEN consent_recipients ELSE '{}'::text[] END END) AS c ORDER BY c),
        updated_at = now()
      WHERE municipality_code = $1 RETURNING registrant_id`,
    [m, regime, ordinanceRecipients],
  );
  return rows.length;
}

export interface ShelterRow {
  shelter_id: string;
  name: string;
  kind: ShelterKind;
  district_unit_id: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
}

export async function listShelters(db: Queryable, m: string): Promise<ShelterRow[]> {
  const { rows } = await db.query<ShelterRow>('SELECT shelter_id, name, kind, district_unit_id, address, lat, lng FROM evacuation_shelters WHERE municipality_code = $1 ORDER BY name, shelter_id', [m]);
  return rows;
}

export async function findShelter(db: Queryable, m: string, id: string): Promise<ShelterRow | null> {
  const { rows } = await db.query<ShelterRow>('SELECT shelter_id, name, kind, district_unit_id, address, lat, lng FROM evacuation_shelters WHERE municipality_code = $1 AND shelter_id = $2', [m, id]);
  return rows[0] ?? null;
}

export async function insertShelter(db: Queryable, m: string, s: { id: string; name: string; kind: ShelterKind; districtUnitId: string | null; address: string; lat: number | null; lng: number | null }): Promise<void> {
  await db.query(
    'INSERT INTO evacuation_shelters (municipality_code, shelter_id, name, kind, district_unit_id, address, lat, lng) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [m, s.id, s.name, s.kind, s.districtUnitId, s.address, s.lat, s.lng],
  );
}
