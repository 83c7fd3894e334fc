import crypto from 'node:crypto';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { type Loaded, loadRecord, recordAccess } from '../../platform/gate';
import { HELPER, HELPER_COLUMNS, helpersFrom } from './helpers.policy';

/** The SQL of helper profiles, their weekly pattern and exceptions, and the towns' representative points. */

export interface HelperRow {
  helper_id: string;
  person_id: string | null;
  account_id: string | null;
  status: 'pending' | 'active' | 'paused' | 'withdrawn';
  source: 'staff' | 'public';
  applicant: Record<string, unknown> | null;
  display_name: string;
  owner_unit_id: string;
  skills: string[];
  languages: string[];
  plan_roles: string[];
  area_unit_ids: string[];
  has_car: boolean;
  has_licence: boolean;
  may_carry_passengers: boolean;
  available_on_holidays: boolean;
  town_name: string;
  lat: number | null;
  lon: number | null;
  note: string;
  reviewed_at: Date | string | null;
  created_at: Date | string;
  version: number;
}

export interface ProfileColumns {
  skills: string[];
  languages: string[];
  planRoles: string[];
  areaUnitIds: string[];
  hasCar: boolean;
  hasLicence: boolean;
  mayCarryPassengers: boolean;
  availableOnHolidays: boolean;
  townName: string;
  lat: number | null;
  lon: number | null;
  note: string;
}

/** One helper the actor may see, with its access level (`reach`, `grant`), or null. */
export function findHelper(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<Loaded<HelperRow> | null> {
  return loadRecord<HelperRow>(db, actor, HELPER, id, { forUpdate });
}

/** The helper profile of an account (the helper's own view), or null. */
export async function findHelperOfAccount(db: Queryable, m: string, accountId: string): Promise<{ helper_id: string } | null> {
  const { rows } = await db.query<{ helper_id: string }>('SELECT helper_id FROM helpers WHERE municipality_code = $1 AND account_id = $2', [m, accountId]);
  return rows[0] ?? null;
}

export async function insertHelper(
  tx: Queryable,
  m: string,
  h: ProfileColumns & { id: string; personId: string | null; status: string; source: string; applicant: unknown; displayName: string; ownerUnitId: string; createdBy: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO helpers (municipality_code, helper_id, person_id, status, source, applicant, display_name, owner_unit_id, skills, languages, plan_roles,
       area_unit_ids, has_car, has_licence, may_carry_passengers, available_on_holidays, town_name, lat, lon, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::text[], $10::text[], $11::text[], $12::text[], $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    [m, h.id, h.personId, h.status, h.source, h.applicant === null ? null : JSON.stringify(h.applicant), h.displayName, h.ownerUnitId, h.skills, h.languages,
      h.planRoles, h.areaUnitIds, h.hasCar, h.hasLicence, h.mayCarryPassengers, h.availableOnHolidays, h.townName, h.lat, h.lon, h.note, h.createdBy],
  );
}

/** Writes the profile fields and status, only if the row is still at `expectedVersion`. False when it moved on. */
export async function updateHelper(tx: Queryable, m: string, id: string, expectedVersion: number, p: ProfileColumns & { status: string }): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE helpers SET skills = $4::text[], languages = $5::text[], plan_roles = $6::text[], area_unit_ids = $7::text[], has_car = $8, has_licence = $9,
       may_carry_passengers = $10, available_on_holidays = $11, town_name = $12, lat = $13, lon = $14, note = $15, status = $16,
       version = version + 1, updated_at = now()
     WHERE municipality_code = $1 AND helper_id = $2 AND version = $3 RETURNING version`,
    [m, id, expectedVersion, p.skills, p.languages, p.planRoles, p.areaUnitIds, p.hasCar, p.hasLicence, p.mayCarryPassengers, p.availableOnHolidays,
      p.townName, p.lat, p.lon, p.note, p.status],
  );
  return rows.length > 0;
}

/** A reviewed sign-up: linked to its person record, active (approved) or withdrawn (rejected); the applicant's words are dropped. */
export async function markReviewed(tx: Queryable, m: string, id: string, r: { personId: string | null; status: 'active' | 'withdrawn'; by: string; displayName: string }): Promise<void> {
  await tx.query(
    `UPDATE helpers SET person_id = $3, status = $4, reviewed_by = $5, reviewed_at = now(), applicant = NULL, display_name = $6, version = version + 1, updated_at = now()
      WHERE municipality_code = $1 AND helper_id = $2`,
    [m, id, r.personId, r.status, r.by, r.displayName],
  );
}

export async function setHelperAccount(tx: Queryable, m: string, id: string, accountId: string): Promise<void> {
  await tx.query('UPDATE helpers SET account_id = $3, version = version + 1, updated_at = now() WHERE municipality_code = $1 AND helper_id = $2', [m, id, accountId]);
}

/** Replaces the weekly pattern. */
export async function replaceWeekly(tx: Queryable, m: string, id: string, slots: { weekday: number; fromMinute: number; toMinute: number }[]): Promise<void> {
  await tx.query('DELETE FROM helper_weekly_slots WHERE municipality_code = $1 AND helper_id = $2', [m, id]);
  for (const s of slots) {
    await tx.query(
      `INSERT INTO helper_weekly_slots (municipality_code, helper_id, weekday, from_minute, to_minute) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (municipality_code, helper_id, weekday, from_minute) DO UPDATE SET to_minute = GREATEST(helper_weekly_slots.to_minute, EXCLUDED.to_minute)`,
      [m, id, s.weekday, s.fromMinute, s.toMinute],
    );
  }
}

export async function listWeekly(db: Queryable, m: string, id: string) {
  const { rows } = await db.query<{ weekday: number; from_minute: number; to_minute: number }>(
    'SELECT weekday, from_minute, to_minute FROM helper_weekly_slots WHERE municipality_code = $1 AND helper_id = $2 ORDER BY weekday, from_minute',
    [m, id],
  );
  return rows;
}

export interface ExceptionRow {
  exception_id: string;
  on_date: string;
  is_available: boolean;
  from_minute: number;
  to_minute: number;
  note: string;
}

export async function insertException(tx: Queryable, m: string, id: string, e: { onDate: string; isAvailable: boolean; fromMinute: number; toMinute: number; note: string }): Promise<string> {
  const exceptionId = crypto.randomUUID();
  await tx.query(
    `INSERT INTO helper_availability_exceptions (municipality_code, helper_id, exception_id, on_date, is_available, from_minute, to_minute, note)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8)`,
    [m, id, exceptionId, e.onDate, e.isAvailable, e.fromMinute, e.toMinute, e.note],
  );
  return exceptionId;
}

export async function deleteException(tx: Queryable, m: string, id: string, exceptionId: string): Promise<boolean> {
  const { rows } = await tx.query('DELETE FROM helper_availability_exceptions WHERE municipality_code = $1 AND helper_id = $2 AND exception_id = $3 RETURNING 1', [m, id, exceptionId]);
  return rows.length > 0;
}

/** Exceptions from `fromDate` on (past ones no longer matter to matching). */
export async function listExceptions(db: Queryable, m: string, id: string, fromDate: string): Promise<ExceptionRow[]> {
  const { rows } = await db.query<ExceptionRow>(
    `SELECT exception_id, on_date, is_available, from_minute, to_minute, note FROM helper_availability_exceptions
      WHERE municipality_code = $1 AND helper_id = $2 AND on_date >= $3::date ORDER BY on_date, from_minute LIMIT 200`,
    [m, id, fromDate],
  );
  return rows;
}

export type HelperListRow = Pick<HelperRow, 'helper_id' | 'status' | 'source' | 'display_name' | 'town_name' | 'skills' | 'plan_roles' | 'has_car' | 'created_at'> & {
  insured_until: string | null;
  access: string;
};

/**
 * Helpers the actor may see, by name then id (keyset: `after` is `display_name|helper_id` of the
 * last row), narrowed by status and a name fragment; one more than `limit` tells there is a next page.
 */
export async function listHelpers(db: Queryable, actor: Actor, q: { status: string; q?: string; after?: string; limit: number; today: string }): Promise<HelperListRow[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, HELPER, p);
  const where = [access.any];
  if (q.status !== 'any') where.push(`h.status = ${p.p(q.status)}`);
  if (q.q) where.push(`strpos(h.display_name, ${p.p(q.q)}) > 0`);
  if (q.after) {
    const [name, id] = splitCursor(q.after);
    where.push(`(h.display_name, h.helper_id) > (${p.p(name)}, ${p.p(id)})`);
  }
  const today = p.p(q.today);
  const { rows } = await db.query<HelperListRow>(
    `SELECT h.helper_id, h.status, h.source, h.display_name, h.town_name, h.skills, h.plan_roles, h.has_car, h.created_at, ${access.level} AS access,
       (SELECT max(i.covers_to)::text FROM helper_insurance i WHERE i.municipality_code = h.municipality_code AND i.helper_id = h.helper_id
          AND i.covers_to >= ${today}::date) AS insured_until
       FROM ${helpersFrom(actor)} WHERE ${where.join(' AND ')} ORDER BY h.display_name, h.helper_id LIMIT ${p.p(q.limit + 1)}`,
    p.values,
  );
  return rows;
}

/** `name|id` → [name, id] (the id never holds "|"). */
export function splitCursor(cursor: string): [string, string] {
  const i = cursor.lastIndexOf('|');
  return i < 0 ? [cursor, ''] : [cursor.slice(0, i), cursor.slice(i + 1)];
}

/** The representative point of a town (approximate, demo for Mine City), or null. */
export async function findTownPoint(db: Queryable, m: string, townName: string): Promise<{ lat: number; lon: number } | null> {
  if (!townName) return null;
  const { rows } = await db.query<{ lat: number; lon: number }>('SELECT lat, lon FROM town_points WHERE municipality_code = $1 AND town_name = $2', [m, townName]);
  return rows[0] ?? null;
}

/** The longest town name of the table found in an address (大字 before 町), or ''. */
export async function findTownInAddress(db: Queryable, m: string, address: string): Promise<string> {
  if (!address) return '';
  const { rows } = await db.query<{ town_name: string }>(
    'SELECT town_name FROM town_points WHERE municipality_code = $1 AND strpos($2, town_name) > 0 ORDER BY length(town_name) DESC LIMIT 1',
    [m, address],
  );
  return rows[0]?.town_name ?? '';
}

export async function listTownPoints(db: Queryable, m: string): Promise<{ town_name: string; lat: number; lon: number; is_approximate: boolean }[]> {
  const { rows } = await db.query<{ town_name: string; lat: number; lon: number; is_approximate: boolean }>(
    'SELECT town_name, lat, lon, is_approximate FROM town_points WHERE municipality_code = $1 ORDER BY town_name', [m],
  );
  return rows;
}

/** Loads the shipped town points once per municipality (kept when they exist: an office may have corrected them). */
export async function insertTownPoints(tx: Queryable, m: string, points: readonly { town: string; lat: number; lon: number }[]): Promise<number> {
  let n = 0;
  for (const t of points) {
    const { rows } = await tx.query(
      'INSERT INTO town_points (municipality_code, town_name, lat, lon) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1',
      [m, t.town, t.lat, t.lon],
    );
    n += rows.length;
  }
  return n;
}

/** The unit id of the municipality's social welfare council (社協), which manages helpers by default. */
export async function findCouncilUnit(db: Queryable, m: string): Promise<string | null> {
  const { rows } = await db.query<{ unit_id: string }>(
    "SELECT unit_id FROM units WHERE municipality_code = $1 AND kind = 'council' AND is_active ORDER BY sort_order LIMIT 1", [m],
  );
  return rows[0]?.unit_id ?? null;
}

export { HELPER_COLUMNS };
