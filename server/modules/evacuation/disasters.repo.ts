import type { RollCallStatus } from '../../../core/contracts/evacuation';
import type { Queryable } from '../../platform/db';

export interface DisasterRow {
  disaster_id: string;
  name: string;
  reason: string;
  district_unit_ids: string[];
  whole_city: boolean;
  status: 'active' | 'ended';
  started_at: Date;
  started_by_name: string | null;
  ended_at: Date | null;
  ended_by_name: string | null;
  grants_opened: number;
  grants_closed: number | null;
}

const SELECT = `d.disaster_id, d.name, d.reason, d.district_unit_ids, d.whole_city, d.status, d.started_at, sa.display_name AS started_by_name, d.ended_at,
  ea.display_name AS ended_by_name, d.grants_opened, d.grants_closed`;
const FROM = `evacuation_disasters d
  LEFT JOIN accounts sa ON sa.municipality_code = d.municipality_code AND sa.account_id = d.started_by
  LEFT JOIN accounts ea ON ea.municipality_code = d.municipality_code AND ea.account_id = d.ended_by`;

export async function insertDisaster(db: Queryable, m: string, d: { id: string; name: string; reason: string; districts: string[]; wholeCity: boolean; startedAt: Date; by: string }): Promise<void> {
  await db.query(
    `INSERT INTO evacuation_disasters (municipality_code, disaster_id, name, reason, district_unit_ids, whole_city, started_at, started_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m, d.id, d.name, d.reason, d.districts, d.wholeCity, d.startedAt.toISOString(), d.by],
  );
}

export async function findDisaster(db: Queryable, m: string, id: string, forUpdate = false): Promise<DisasterRow | null> {
  const { rows } = await db.query<DisasterRow>(`SELECT ${SELECT} FROM ${FROM} WHERE d.municipality_code = $1 AND d.disaster_id = $2 ${forUpdate ? 'FOR UPDATE OF d' : ''}`, [m, id]);
  return rows[0] ?? null;
}

export async function listDisasters(db: Queryable, m: string): Promise<DisasterRow[]> {
  const { rows } = await db.query<DisasterRow>(`SELECT ${SELECT} FROM ${FROM} WHERE d.municipality_code = $1 ORDER BY d.started_at DESC LIMIT 100`, [m]);
  return rows;
}

export async function setGrantsOpened(db: Queryable, m: string, id: string, n: number): Promise<void> {
  await db.query('UPDATE evacuation_disasters SET grants_opened = grants_opened + $3 WHERE municipality_code = $1 AND disaster_id = $2', [m, id, n]);
}

export async function endDisaster(db: Queryable, m: string, id: string, at: Date, by: string, reason: string, closed: number): Promise<void> {
  await db.query(
    `UPDATE evacuation_disasters SET status = 'ended', ended_at = $3, ended_by = $4, end_reason = $5, grants_closed = $6 WHERE municipality_code = $1 AND disaster_id = $2`,
    [m, id, at.toISOString(), by, reason, closed],
  );
}

/** Who disaster mode opens grants to: each zone's 民生委員 (accounts assigned to the zone who may read the registry). */
export async function zoneSupporters(db: Queryable, m: string, districts: readonly string[]): Promise<{ account_id: string; area_id: string }[]> {
  const { rows } = await db.query<{ account_id: string; area_id: string }>(
    `SELECT DISTINCT aa.account_id, aa.area_id FROM account_areas aa
       JOIN areas ar ON ar.municipality_code = aa.municipality_code AND ar.area_id = aa.area_id AND ar.kind_code = 'commissioner-zone'
       JOIN accounts a ON a.municipality_code = aa.municipality_code AND a.account_id = aa.account_id AND a.is_active
      WHERE aa.municipality_code = $1 AND ar.unit_id = ANY($2::text[])
        AND EXISTS (SELECT 1 FROM account_roles r JOIN role_permissions rp ON rp.municipality_code = r.municipality_code AND rp.role_code = r.role_code
                     WHERE r.municipality_code = aa.municipality_code AND r.account_id = aa.account_id AND rp.permission = 'evacuation.read')
      ORDER BY aa.account_id, aa.area_id`,
    [m, districts],
  );
  return rows;
}

/** The accounts of active provision records touching the districts, with the scope of each provision. */
export async function provisionSupporters(db: Queryable, m: string, districts: readonly string[]): Promise<{ account_id: string; district_unit_id: string | null; zone_area_id: string | null }[]> {
  const { rows } = await db.query<{ account_id: string; district_unit_id: string | null; zone_area_id: string | null }>(
    `SELECT DISTINCT pa.account_id, pv.district_unit_id, pv.zone_area_id FROM evacuation_provisions pv
       JOIN evacuation_provision_accounts pa ON pa.municipality_code = pv.municipality_code AND pa.provision_id = pv.provision_id
       JOIN accounts a ON a.municipality_code = pa.municipality_code AND a.account_id = pa.account_id AND a.is_active
       LEFT JOIN areas ar ON ar.municipality_code = pv.municipality_code AND ar.area_id = pv.zone_area_id
      WHERE pv.municipality_code = $1 AND pv.status = 'active'
        AND (pv.district_unit_id IS NULL AND pv.zone_area_id IS NULL OR pv.district_unit_id = ANY($2::text[]) OR ar.unit_id = ANY($2::text[]))
      ORDER BY pa.account_id`,
    [m, districts],
  );
  return rows;
}

export interface CheckRow {
  check_id: string;
  disaster_id: string;
  registrant_id: string;
  status: RollCallStatus;
  shelter_id: string | null;
  note: string;
  client_request_id: string;
  checked_at: Date;
  recorded_at: Date;
  checked_by: string;
  checked_by_name: string | null;
}
