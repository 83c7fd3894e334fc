import crypto from 'node:crypto';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { recordAccess } from '../../platform/gate';
import { ASSIGNMENT_COLUMNS, ASSIGNMENT_FROM, HELP_REQUEST } from './helpers.policy';
import type { AssignmentRow } from './requests.repo';

/** The SQL of bookings (help_assignments: the exclusion constraint holds the slots), hours and receipts. */

export async function insertAssignment(
  tx: Queryable,
  m: string,
  a: { id: string; requestId: string; helperId: string; ownerUnitId: string; startsAt: string; endsAt: string; reasons: unknown; by: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO help_assignments (municipality_code, assignment_id, request_id, helper_id, owner_unit_id, slot, status, reasons, confirmed_by)
     VALUES ($1, $2, $3, $4, $5, tstzrange($6::timestamptz, $7::timestamptz), 'confirmed', $8::jsonb, $9)`,
    [m, a.id, a.requestId, a.helperId, a.ownerUnitId, a.startsAt, a.endsAt, JSON.stringify(a.reasons), a.by],
  );
}

export async function setGrant(tx: Queryable, m: string, id: string, grantId: string): Promise<void> {
  await tx.query('UPDATE help_assignments SET grant_id = $3 WHERE municipality_code = $1 AND assignment_id = $2', [m, id, grantId]);
}

export async function setAssignmentStatus(tx: Queryable, m: string, id: string, status: string, reason = ''): Promise<void> {
  await tx.query(
    `UPDATE help_assignments SET status = $3, decline_reason = CASE WHEN $3 IN ('declined', 'cancelled') THEN $4 ELSE decline_reason END,
       responded_at = CASE WHEN $3 IN ('accepted', 'declined') THEN now() ELSE responded_at END
     WHERE municipality_code = $1 AND assignment_id = $2`,
    [m, id, status, reason],
  );
}

/** One assignment by id, for presenting it after a change (the caller has already passed the gate). */
export async function findAssignmentRow(db: Queryable, m: string, id: string): Promise<AssignmentRow | null> {
  const { rows } = await db.query<AssignmentRow>(`SELECT ${ASSIGNMENT_COLUMNS} FROM ${ASSIGNMENT_FROM} WHERE a.municipality_code = $1 AND a.assignment_id = $2`, [m, id]);
  return rows[0] ?? null;
}

/** A helper's own assignment, locked: for logging its hours. */
export async function findOwnAssignment(tx: Queryable, m: string, helperId: string, id: string) {
  const { rows } = await tx.query<{ assignment_id: string; request_id: string; status: string }>(
    'SELECT assignment_id, request_id, status FROM help_assignments WHERE municipality_code = $1 AND helper_id = $2 AND assignment_id = $3 FOR UPDATE',
    [m, helperId, id],
  );
  return rows[0] ?? null;
}

/** Marks a request done when every booking that holds a slot on it is done. */
export async function closeRequestIfDone(tx: Queryable, m: string, requestId: string): Promise<void> {
  await tx.query(
    `UPDATE help_requests SET status = 'done', version = version + 1, updated_at = now()
      WHERE municipality_code = $1 AND request_id = $2 AND status = 'assigned'
        AND NOT EXISTS (SELECT 1 FROM help_assignments a WHERE a.municipality_code = $1 AND a.request_id = $2 AND a.status IN ('confirmed', 'accepted'))`,
    [m, requestId],
  );
}

export async function insertHours(
  tx: Queryable,
  m: string,
  h: { helperId: string; assignmentId: string | null; workedOn: string; minutes: number; activity: string; note: string; by: string },
): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO helper_hours (municipality_code, hours_id, helper_id, assignment_id, worked_on, minutes, activity, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9)`,
    [m, id, h.helperId, h.assignmentId, h.workedOn, h.minutes, h.activity, h.note, h.by],
  );
  return id;
}

export async function listHours(db: Queryable, m: string, helperId: string, range: { start: string; end: string }) {
  const { rows } = await db.query<{ hours_id: string; assignment_id: string | null; worked_on: string; minutes: number; activity: string; note: string }>(
    `SELECT hours_id, assignment_id, worked_on, minutes, activity, note FROM helper_hours
      WHERE municipality_code = $1 AND helper_id = $2 AND worked_on BETWEEN $3::date AND $4::date ORDER BY worked_on DESC, recorded_at DESC LIMIT 1000`,
    [m, helperId, range.start, range.end],
  );
  return rows;
}

export async function sumMinutes(db: Queryable, m: string, helperId: string, range: { start: string; end: string }): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    'SELECT COALESCE(sum(minutes), 0)::int AS total FROM helper_hours WHERE municipality_code = $1 AND helper_id = $2 AND worked_on BETWEEN $3::date AND $4::date',
    [m, helperId, range.start, range.end],
  );
  return rows[0]?.total ?? 0;
}

export async function requestFee(tx: Queryable, m: string, requestId: string) {
  const { rows } = await tx.query<{ fee_kind: string; fee_yen: number }>('SELECT fee_kind, fee_yen FROM help_requests WHERE municipality_code = $1 AND request_id = $2', [m, requestId]);
  return rows[0]!;
}

/** Numbers the receipt `R2026-00001` within the 年度 (the assignment row is locked; a clash of numbers is a 409 to retry). */
export async function insertReceipt(tx: Queryable, m: string, r: { assignmentId: string; amountYen: number; issuedOn: string; fy: number; by: string }): Promise<string> {
  const prefix = `R${r.fy}-`;
  const { rows } = await tx.query<{ n: number }>(
    `SELECT COALESCE(max(substring(receipt_number from '[0-9]+$')::int), 0) + 1 AS n FROM help_receipts WHERE municipality_code = $1 AND receipt_number LIKE $2`,
    [m, `${prefix}%`],
  );
  const number = `${prefix}${String(rows[0]?.n ?? 1).padStart(5, '0')}`;
  await tx.query(
    `INSERT INTO help_receipts (municipality_code, receipt_id, receipt_number, assignment_id, amount_yen, issued_on, issued_by) VALUES ($1, $2, $3, $4, $5, $6::date, $7)`,
    [m, crypto.randomUUID(), number, r.assignmentId, r.amountYen, r.issuedOn, r.by],
  );
  return number;
}

export async function findReceipt(db: Queryable, m: string, assignmentId: string) {
  const { rows } = await db.query<{ receipt_number: string; amount_yen: number; issued_on: string; payer: string; kind: string; worked_on: string | null }>(
    `SELECT rc.receipt_number, rc.amount_yen, rc.issued_on, r.requester_label AS payer, r.kind,
            (SELECT max(hh.worked_on)::text FROM helper_hours hh WHERE hh.municipality_code = rc.municipality_code AND hh.assignment_id = rc.assignment_id) AS worked_on
       FROM help_receipts rc
       JOIN help_assignments a ON a.municipality_code = rc.municipality_code AND a.assignment_id = rc.assignment_id
       JOIN help_requests r ON r.municipality_code = a.municipality_code AND r.request_id = a.request_id
      WHERE rc.municipality_code = $1 AND rc.assignment_id = $2`,
    [m, assignmentId],
  );
  return rows[0] ?? null;
}

/**
 * The helper's own bookings that still matter (asked, accepted, or done since `since`) with what the
 * phone view shows; `access` is the actor's level on each request (`grant` while the requester's
 * details are shared, else `helper`), so the caller shows who and where only under the grant.
 */
export async function listOwnBookings(db: Queryable, actor: Actor, helperId: string, since: string) {
  const p = new SqlParams([actor.municipalityCode, helperId, since]);
  const access = recordAccess(actor, HELP_REQUEST, p);
  const { rows } = await db.query<AssignmentRow & { kind: string; town_name: string; destination: string; needs: string[]; requester_label: string; requester_phone: string; address: string; access: string }>(
    `SELECT ${ASSIGNMENT_COLUMNS}, r.kind, r.town_name, r.destination, r.needs, r.requester_label, r.requester_phone, r.address, ${access.level} AS access
       FROM ${ASSIGNMENT_FROM}
       JOIN help_requests r ON r.municipality_code = a.municipality_code AND r.request_id = a.request_id
      WHERE a.municipality_code = $1 AND a.helper_id = $2 AND ${access.any}
        AND (a.status IN ('confirmed', 'accepted') OR (a.status = 'done' AND lower(a.slot) >= $3::timestamptz))
      ORDER BY lower(a.slot) LIMIT 200`,
    p.values,
  );
  return rows;
}
