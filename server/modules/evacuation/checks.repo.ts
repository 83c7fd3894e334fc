import type { RollCallStatus } from '../../../core/contracts/evacuation';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { recordAccess } from '../../platform/gate';
import type { CheckRow } from './disasters.repo';
import { REGISTRANT } from './evacuation.policy';

const CHECK_SELECT = `c.check_id, c.disaster_id, c.registrant_id, c.status, c.shelter_id, c.note, c.client_request_id, c.checked_at, c.recorded_at, c.checked_by,
  a.display_name AS checked_by_name`;
const CHECK_FROM = 'evacuation_checks c LEFT JOIN accounts a ON a.municipality_code = c.municipality_code AND a.account_id = c.checked_by';

/**
 * Appends a report unless its client request id is stored already (the same report sent again):
 * one statement. Returns the stored row either way, and whether this call wrote it. Two identical
 * requests at once: the second waits on the unique index until the first commits, then writes nothing.
 */
export async function insertCheck(
  db: Queryable,
  m: string,
  c: { id: string; disasterId: string; registrantId: string; status: RollCallStatus; shelterId: string | null; note: string; clientRequestId: string; checkedAt: Date; by: string },
): Promise<{ row: CheckRow; wrote: boolean }> {
  const { rows } = await db.query<CheckRow>(
    `INSERT INTO evacuation_checks (municipality_code, check_id, disaster_id, registrant_id, status, shelter_id, note, client_request_id, checked_at, checked_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (municipality_code, client_request_id) DO NOTHING
     RETURNING check_id, disaster_id, registrant_id, status, shelter_id, note, client_request_id, checked_at, recorded_at, checked_by, NULL::text AS checked_by_name`,
    [m, c.id, c.disasterId, c.registrantId, c.status, c.shelterId, c.note, c.clientRequestId, c.checkedAt.toISOString(), c.by],
  );
  if (rows[0]) return { row: rows[0], wrote: true };
  const before = await findCheckByRequest(db, m, c.clientRequestId);
  if (!before) throw new Error('check vanished after a conflicting insert');
  return { row: before, wrote: false };
}

export async function findCheckByRequest(db: Queryable, m: string, clientRequestId: string): Promise<CheckRow | null> {
  const { rows } = await db.query<CheckRow>(`SELECT ${CHECK_SELECT} FROM ${CHECK_FROM} WHERE c.municipality_code = $1 AND c.client_request_id = $2`, [m, clientRequestId]);
  return rows[0] ?? null;
}

/** Every report on a registrant in an event, newest first (conflicting reports all stay). */
export async function listChecks(db: Queryable, m: string, disasterId: string, registrantId: string): Promise<CheckRow[]> {
  const { rows } = await db.query<CheckRow>(
    `SELECT ${CHECK_SELECT} FROM ${CHECK_FROM} WHERE c.municipality_code = $1 AND c.disaster_id = $2 AND c.registrant_id = $3
      ORDER BY c.checked_at DESC, c.recorded_at DESC, c.check_id`,
    [m, disasterId, registrantId],
  );
  return rows;
}

const LATEST = `SELECT DISTINCT ON (c.registrant_id) c.registrant_id, c.status, c.shelter_id, c.checked_at FROM evacuation_checks c
   WHERE c.municipality_code = $1 AND c.disaster_id = $2 ORDER BY c.registrant_id, c.checked_at DESC, c.recorded_at DESC`;

/** The newest status of every active registrant of the event's districts, counted by district and status, and by shelter. */
export async function progressCounts(db: Queryable, m: string, disasterId: string, districts: readonly string[]) {
  const { rows: byDistrict } = await db.query<{ district_unit_id: string; name: string; status: RollCallStatus; n: number }>(
    `SELECT r.district_unit_id, u.name_ja AS name, COALESCE(l.status, 'unconfirmed') AS status, count(*)::int AS n
       FROM evacuation_registrants r
       JOIN units u ON u.municipality_code = r.municipality_code AND u.unit_id = r.district_unit_id
       LEFT JOIN (${LATEST}) l ON l.registrant_id = r.registrant_id
      WHERE r.municipality_code = $1 AND r.status = 'active' AND r.district_unit_id = ANY($3::text[])
      GROUP BY r.district_unit_id, u.name_ja, COALESCE(l.status, 'unconfirmed') ORDER BY r.district_unit_id`,
    [m, disasterId, districts],
  );
  const { rows: byShelter } = await db.query<{ shelter_id: string; name: string; n: number }>(
    `SELECT l.shelter_id, COALESCE(s.name, l.shelter_id) AS name, count(*)::int AS n FROM (${LATEST}) l
       JOIN evacuation_registrants r ON r.municipality_code = $1 AND r.registrant_id = l.registrant_id AND r.district_unit_id = ANY($3::text[])
       LEFT JOIN evacuation_shelters s ON s.municipality_code = $1 AND s.shelter_id = l.shelter_id
      WHERE l.status = 'evacuated' AND l.shelter_id IS NOT NULL GROUP BY l.shelter_id, s.name ORDER BY l.shelter_id`,
    [m, disasterId, districts],
  );
  return { byDistrict, byShelter };
}

export interface MyRow {
  registrant_id: string;
  name: string;
  address: string;
  phone: string;
  lat: number | null;
  lng: number | null;
  mobility: string;
  district_unit_id: string;
  zone_area_id: string | null;
  latest_status: RollCallStatus | null;
  latest_at: Date | null;
  access: string;
}

/** A supporter's registrants in the event: those assigned to them, and those of their zones they may see now. */
export async function listMine(db: Queryable, actor: Actor, disasterId: string, districts: readonly string[]): Promise<MyRow[]> {
  const p = new SqlParams([actor.municipalityCode, disasterId, districts, actor.accountId, actor.areaIds]);
  const access = recordAccess(actor, REGISTRANT, p);
  const { rows } = await db.query<MyRow>(
    `SELECT r.registrant_id, pe.family_name || ' ' || pe.given_name AS name, pe.address_raw AS address, pe.phone, r.lat, r.lng, r.mobility, r.district_unit_id,
            r.zone_area_id, l.status AS latest_status, l.checked_at AS latest_at, ${access.level} AS access
       FROM evacuation_registrants r
       JOIN people pe ON pe.municipality_code = r.municipality_code AND pe.person_id = r.person_id
       LEFT JOIN LATERAL (SELECT c.status, c.checked_at FROM evacuation_checks c WHERE c.municipality_code = r.municipality_code AND c.disaster_id = $2
                            AND c.registrant_id = r.registrant_id ORDER BY c.checked_at DESC, c.recorded_at DESC LIMIT 1) l ON true
      WHERE r.municipality_code = $1 AND r.status = 'active' AND r.district_unit_id = ANY($3::text[]) AND ${access.any}
        AND (r.zone_area_id = ANY($5::text[]) OR EXISTS (SELECT 1 FROM evacuation_assignments x WHERE x.municipality_code = r.municipality_code
               AND x.disaster_id = $2 AND x.account_id = $4 AND x.registrant_id = r.registrant_id))
      ORDER BY pe.address_raw, r.registrant_id LIMIT 500`,
    p.values,
  );
  return rows;
}

/** Assigns registrants to a supporter for an event; returns the newly assigned ids. */
export async function insertAssignments(db: Queryable, m: string, disasterId: string, accountId: string, registrantIds: readonly string[], by: string): Promise<string[]> {
  const { rows } = await db.query<{ registrant_id: string }>(
    `INSERT INTO evacuation_assignments (municipality_code, disaster_id, registrant_id, account_id, assigned_by)
     SELECT $1, $2, rid, $3, $5 FROM unnest($4::text[]) AS rid ON CONFLICT DO NOTHING RETURNING registrant_id`,
    [m, disasterId, accountId, registrantIds, by],
  );
  return rows.map((r) => r.registrant_id);
}
