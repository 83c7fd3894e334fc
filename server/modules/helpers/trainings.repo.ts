import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db';

/** The SQL of training sessions, attendance and certificates, and the count of trained supporters. */

export interface TrainingRow {
  training_id: string;
  course: string;
  title: string;
  held_on: string;
  place: string;
  lecturers: string[];
  district_unit_id: string | null;
  owner_unit_id: string;
  valid_years: number | null;
  unnamed_attendees: number;
}

const TRAINING_COLUMNS = 'training_id, course, title, held_on, place, lecturers, district_unit_id, owner_unit_id, valid_years, unnamed_attendees';

export async function insertTraining(
  tx: Queryable,
  m: string,
  t: { course: string; title: string; heldOn: string; place: string; lecturers: string[]; districtUnitId: string | null; ownerUnitId: string; validYears: number | null; unnamedAttendees: number; by: string },
): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO helper_trainings (municipality_code, training_id, course, title, held_on, place, lecturers, district_unit_id, owner_unit_id, valid_years,
       unnamed_attendees, created_by)
     VALUES ($1, $2, $3, $4, $5::date, $6, $7::text[], $8, $9, $10, $11, $12)`,
    [m, id, t.course, t.title, t.heldOn, t.place, t.lecturers, t.districtUnitId, t.ownerUnitId, t.validYears, t.unnamedAttendees, t.by],
  );
  return id;
}

export async function findTraining(db: Queryable, m: string, id: string, forUpdate = false): Promise<TrainingRow | null> {
  const { rows } = await db.query<TrainingRow>(
    `SELECT ${TRAINING_COLUMNS} FROM helper_trainings WHERE municipality_code = $1 AND training_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`, [m, id],
  );
  return rows[0] ?? null;
}

/** Sessions of a fiscal year, newest first. */
export async function listTrainings(db: Queryable, m: string, range: { start: string; end: string }): Promise<TrainingRow[]> {
  const { rows } = await db.query<TrainingRow>(
    `SELECT ${TRAINING_COLUMNS} FROM helper_trainings WHERE municipality_code = $1 AND held_on BETWEEN $2::date AND $3::date ORDER BY held_on DESC, training_id LIMIT 500`,
    [m, range.start, range.end],
  );
  return rows;
}

export interface AttendeeRow {
  helper_id: string;
  display_name: string;
  certificate_number: string;
  expires_on: string | null;
}

/** The attendees of a session among the helpers `visible` (an SQL condition over `h`), by name. */
export async function listAttendees(db: Queryable, m: string, trainingId: string): Promise<AttendeeRow[]> {
  const { rows } = await db.query<AttendeeRow>(
    `SELECT t.helper_id, h.display_name, t.certificate_number, t.expires_on FROM helper_training_attendance t
       JOIN helpers h ON h.municipality_code = t.municipality_code AND h.helper_id = t.helper_id
      WHERE t.municipality_code = $1 AND t.training_id = $2 ORDER BY h.display_name, t.helper_id`,
    [m, trainingId],
  );
  return rows;
}

/** The next certificate number of a course in a fiscal year: `R8-認知症-0012` style, but ASCII: `2026-dementia_supporter-0012`. */
async function nextCertificateNumber(tx: Queryable, m: string, course: string, fy: number): Promise<string> {
  const prefix = `${fy}-${course}-`;
  const { rows } = await tx.query<{ n: number }>(
    `SELECT COALESCE(max(substring(certificate_number from '[0-9]+$')::int), 0) + 1 AS n FROM helper_training_attendance
      WHERE municipality_code = $1 AND certificate_number LIKE $2`,
    [m, `${prefix}%`],
  );
  return `${prefix}${String(rows[0]?.n ?? 1).padStart(4, '0')}`;
}

/** Records attendance and its certificate once per helper (again: nothing changes). Returns those newly certified. */
export async function insertAttendance(tx: Queryable, m: string, t: TrainingRow, helperIds: readonly string[], fy: number, expiresOn: string | null, by: string): Promise<string[]> {
  const added: string[] = [];
  for (const helperId of helperIds) {
    const number = await nextCertificateNumber(tx, m, t.course, fy);
    const { rows } = await tx.query(
      `INSERT INTO helper_training_attendance (municipality_code, training_id, helper_id, certificate_number, certified_on, expires_on, recorded_by)
       VALUES ($1, $2, $3, $4, $5::date, $6::date, $7) ON CONFLICT (municipality_code, training_id, helper_id) DO NOTHING RETURNING 1`,
      [m, t.training_id, helperId, number, t.held_on, expiresOn, by],
    );
    if (rows.length > 0) added.push(helperId);
  }
  return added;
}

export interface CertificateRow {
  training_id: string;
  course: string;
  title: string;
  held_on: string;
  place: string;
  lecturers: string[];
  certificate_number: string;
  certified_on: string;
  expires_on: string | null;
}

export async function listCertificates(db: Queryable, m: string, helperId: string): Promise<CertificateRow[]> {
  const { rows } = await db.query<CertificateRow>(
    `SELECT t.training_id, t.course, t.title, t.held_on, t.place, t.lecturers, a.certificate_number, a.certified_on, a.expires_on
       FROM helper_training_attendance a JOIN helper_trainings t ON t.municipality_code = a.municipality_code AND t.training_id = a.training_id
      WHERE a.municipality_code = $1 AND a.helper_id = $2 ORDER BY t.held_on DESC`,
    [m, helperId],
  );
  return rows;
}

/**
 * Trained supporters of a fiscal year by the district where the session was held and course:
 * named attendees (helpers) and the unnamed participants counted at the session.
 */
export async function countTrained(db: Queryable, m: string, range: { start: string; end: string }) {
  const { rows } = await db.query<{ district_unit_id: string | null; district_name: string | null; course: string; named: number; unnamed: number }>(
    `SELECT t.district_unit_id, u.name_ja AS district_name, t.course,
            COALESCE(sum((SELECT count(*) FROM helper_training_attendance a WHERE a.municipality_code = t.municipality_code AND a.training_id = t.training_id)), 0)::int AS named,
            COALESCE(sum(t.unnamed_attendees), 0)::int AS unnamed
       FROM helper_trainings t LEFT JOIN units u ON u.municipality_code = t.municipality_code AND u.unit_id = t.district_unit_id
      WHERE t.municipality_code = $1 AND t.held_on BETWEEN $2::date AND $3::date
      GROUP BY t.district_unit_id, u.name_ja, u.sort_order, t.course ORDER BY u.sort_order NULLS LAST, t.course`,
    [m, range.start, range.end],
  );
  return rows;
}
