import type { ConsentState, RecipientClass, RegistrantListQuery } from '../../../core/contracts/evacuation';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { loadRecord, type Loaded, recordAccess } from '../../platform/gate';
import { branchPageSql, type KeysetCursor } from '../../platform/keyset';
import { REGISTRANT, REGISTRANT_FROM, REGISTRANT_SELECT } from './evacuation.policy';

export interface ReasonJson {
  code: string;
  source: string;
  confirmedOn: string;
  note: string;
}

export interface RegistrantRow {
  registrant_id: string;
  person_id: string;
  district_unit_id: string;
  zone_area_id: string | null;
  lat: number | null;
  lng: number | null;
  reasons: ReasonJson[];
  reason_codes: string[];
  status: 'active' | 'declined' | 'removed';
  status_reason: string;
  declined_on: string | null;
  consent_state: ConsentState;
  consent_recipients: RecipientClass[];
  consent_recorded_on: string | null;
  shared_with: RecipientClass[];
  mobility: string;
  note: string;
  hazards: string[];
  priority: number | null;
  version: number;
  updated_at: Date;
  name: string;
  kana: string;
  birth_date: string | null;
  sex: string | null;
  address: string;
  phone: string;
  district_name: string;
  zone_name: string | null;
  has_plan: boolean;
  access: string;
}

export interface NewRegistrant {
  id: string;
  personId: string;
  districtUnitId: string;
  zoneAreaId: string | null;
  lat: number | null;
  lng: number | null;
  reasons: ReasonJson[];
  consentState: ConsentState;
  consentRecipients: RecipientClass[];
  consentRecordedOn: string | null;
  sharedWith: RecipientClass[];
  mobility: string;
  note: string;
  createdBy: string;
}

/** Inserts a registrant; false when the person is on the registry already. */
export async function insertRegistrant(db: Queryable, m: string, r: NewRegistrant): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO evacuation_registrants (municipality_code, registrant_id, person_id, district_unit_id, zone_area_id, lat, lng, reasons, reason_codes,
       consent_state, consent_recipients, consent_recorded_on, shared_with, mobility, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (municipality_code, person_id) DO NOTHING RETURNING registrant_id`,
    [m, r.id, r.personId, r.districtUnitId, r.zoneAreaId, r.lat, r.lng, JSON.stringify(r.reasons), r.reasons.map((x) => x.code), r.consentState,
      r.consentRecipients, r.consentRecordedOn, r.sharedWith, r.mobility, r.note, r.createdBy],
  );
  return rows.length > 0;
}

/** One registrant the actor may see, with its access level. */
export function findVisibleRegistrant(db: Queryable, actor: Actor, id: string): Promise<Loaded<RegistrantRow> | null> {
  return loadRecord<RegistrantRow>(db, actor, REGISTRANT, id);
}

/** The id of the person's registrant, if any (to answer "already registered"). */
export async function findRegistrantOfPerson(db: Queryable, m: string, personId: string): Promise<string | null> {
  const { rows } = await db.query<{ registrant_id: string }>('SELECT registrant_id FROM evacuation_registrants WHERE municipality_code = $1 AND person_id = $2', [m, personId]);
  return rows[0]?.registrant_id ?? null;
}

/**
 * One page of the registry the actor may see, newest registration first (registrant ids are
 * time-ordered), keyset-paged through `branchPageSql`; `limit + 1` rows say whether a page follows.
 */
export async function listRegistrants(db: Queryable, actor: Actor, q: RegistrantListQuery, cursor: KeysetCursor): Promise<RegistrantRow[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, REGISTRANT, p);
  const filters = [access.any];
  if (q.district) filters.push(`r.district_unit_id = ${p.p(q.district)}`);
  if (q.zone) filters.push(`r.zone_area_id = ${p.p(q.zone)}`);
  if (q.status !== 'any') filters.push(`r.status = ${p.p(q.status)}`);
  const page = branchPageSql([{ from: 'evacuation_registrants r', where: 'true', order: ['r.registrant_id'] }], filters.join(' AND '), cursor, q.limit + 1, 'r.registrant_id', p);
  const back = cursor !== null && 'before' in cursor;
  const { rows } = await db.query<RegistrantRow>(
    `SELECT ${REGISTRANT_SELECT}, ${access.level} AS access FROM (${page}) pg JOIN ${REGISTRANT_FROM} ON r.municipality_code = ${p.p(actor.municipalityCode)} AND r.registrant_id = pg.id
      ORDER BY r.registrant_id ${back ? 'ASC' : 'DESC'}`,
    p.values,
  );
  return rows;
}

export interface RegistrantChange {
  status?: string;
  statusReason?: string;
  declinedOn?: string | null;
  consentState?: ConsentState;
  consentRecipients?: RecipientClass[];
  consentRecordedOn?: string | null;
  sharedWith?: RecipientClass[];
  reasons?: ReasonJson[];
  zoneAreaId?: string | null;
  lat?: number | null;
  lng?: number | null;
  mobility?: string;
  note?: string;
}

/** Applies the changes given and moves the version on. */
export async function updateRegistrant(db: Queryable, m: string, id: string, c: RegistrantChange): Promise<void> {
  const p = new SqlParams([m, id]);
  const set: string[] = [];
  const col = (name: string, v: unknown, cast = '') => {
    if (v !== undefined) set.push(`${name} = ${p.p(v)}${cast}`);
  };
  col('status', c.status);
  col('status_reason', c.statusReason);
  col('declined_on', c.declinedOn);
  col('consent_state', c.consentState);
  col('consent_recipients', c.consentRecipients);
  col('consent_recorded_on', c.consentRecordedOn);
  col('shared_with', c.sharedWith);
  if (c.reasons) {
    col('reasons', JSON.stringify(c.reasons), '::jsonb');
    col('reason_codes', c.reasons.map((r) => r.code));
  }
  col('zone_area_id', c.zoneAreaId);
  col('lat', c.lat);
  col('lng', c.lng);
  col('mobility', c.mobility);
  col('note', c.note);
  await db.query(`UPDATE evacuation_registrants SET ${[...set, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE municipality_code = $1 AND registrant_id = $2`, p.values);
}

/** Whether an area is a 民生委員 zone of the municipality. */
export async function findZone(db: Queryable, m: string, areaId: string): Promise<{ area_id: string; unit_id: string | null } | null> {
  const { rows } = await db.query<{ area_id: string; unit_id: string | null }>(
    `SELECT area_id, unit_id FROM areas WHERE municipality_code = $1 AND area_id = $2 AND kind_code = 'commissioner-zone'`, [m, areaId],
  );
  return rows[0] ?? null;
}

