import crypto from 'node:crypto';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { type Loaded, loadRecord, recordAccess } from '../../platform/gate';
import { ASSIGNMENT_COLUMNS, ASSIGNMENT_FROM, HELP_REQUEST } from './helpers.policy';

/** The SQL of help requests and their assignments (the booking itself is in assignments.repo.ts). */

export interface RequestRow {
  request_id: string;
  receipt_number: string;
  kind: string;
  source: string;
  consultation_id: string | null;
  person_id: string | null;
  requester_label: string;
  requester_phone: string;
  address: string;
  town_name: string;
  district_unit_id: string | null;
  lat: number | null;
  lon: number | null;
  destination: string;
  starts_at: Date | string;
  ends_at: Date | string;
  return_trip: boolean;
  needs: string[];
  language: string;
  helpers_needed: number;
  is_disaster: boolean;
  fee_kind: 'free' | 'paid';
  fee_yen: number;
  consent_to_share: boolean;
  status: 'open' | 'assigned' | 'done' | 'cancelled';
  note: string;
  owner_unit_id: string;
  created_by: string | null;
  created_at: Date | string;
  version: number;
}

export interface AssignmentRow {
  assignment_id: string;
  request_id: string;
  helper_id: string;
  owner_unit_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: 'confirmed' | 'accepted' | 'declined' | 'cancelled' | 'done';
  reasons: { code: string; points: number; text: string }[];
  confirmed_at: Date | string;
  responded_at: Date | string | null;
  decline_reason: string;
  grant_id: string | null;
  helper_name: string;
  helper_account_id: string | null;
  shared_until: Date | string | null;
  hours_logged: boolean;
  receipt_number: string | null;
}

export function findRequest(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<Loaded<RequestRow> | null> {
  return loadRecord<RequestRow>(db, actor, HELP_REQUEST, id, { forUpdate });
}

/** The next receipt number of a 年度: `H2026-00012`. */
export async function nextReceiptNumber(tx: Queryable, m: string, fy: number): Promise<string> {
  const { rows } = await tx.query<{ last_number: number }>(
    `INSERT INTO help_request_counters (municipality_code, fiscal_year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (municipality_code, fiscal_year) DO UPDATE SET last_number = help_request_counters.last_number + 1 RETURNING last_number`,
    [m, fy],
  );
  return `H${fy}-${String(rows[0]!.last_number).padStart(5, '0')}`;
}

export type NewRequest = Omit<RequestRow, 'created_at' | 'version' | 'status' | 'starts_at' | 'ends_at'> & { starts_at: string; ends_at: string };

export async function insertRequest(tx: Queryable, m: string, r: NewRequest): Promise<void> {
  await tx.query(
    `INSERT INTO help_requests (municipality_code, request_id, receipt_number, kind, source, consultation_id, person_id, requester_label, requester_phone,
       address, town_name, district_unit_id, lat, lon, destination, starts_at, ends_at, return_trip, needs, language, helpers_needed, is_disaster,
       fee_kind, fee_yen, consent_to_share, status, note, owner_unit_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::text[], $20, $21, $22, $23, $24, $25, 'open', $26, $27, $28)`,
    [m, r.request_id, r.receipt_number, r.kind, r.source, r.consultation_id, r.person_id, r.requester_label, r.requester_phone, r.address, r.town_name,
      r.district_unit_id, r.lat, r.lon, r.destination, r.starts_at, r.ends_at, r.return_trip, r.needs, r.language, r.helpers_needed, r.is_disaster,
      r.fee_kind, r.fee_yen, r.consent_to_share, r.note, r.owner_unit_id, r.created_by],
  );
}

export async function setRequestStatus(tx: Queryable, m: string, id: string, status: RequestRow['status']): Promise<void> {
  await tx.query('UPDATE help_requests SET status = $3, version = version + 1, updated_at = now() WHERE municipality_code = $1 AND request_id = $2', [m, id, status]);
}

export async function listAssignmentsOf(db: Queryable, m: string, requestId: string): Promise<AssignmentRow[]> {
  const { rows } = await db.query<AssignmentRow>(
    `SELECT ${ASSIGNMENT_COLUMNS} FROM ${ASSIGNMENT_FROM} WHERE a.municipality_code = $1 AND a.request_id = $2 ORDER BY a.confirmed_at`,
    [m, requestId],
  );
  return rows;
}

export type RequestListRow = Pick<RequestRow, 'request_id' | 'receipt_number' | 'kind' | 'status' | 'town_name' | 'starts_at' | 'ends_at' | 'fee_kind' | 'is_disaster' | 'helpers_needed'> & {
  assigned: number;
  access: string;
};

/** Requests the actor may see by start time (keyset: `after` is `startsAt|id` of the last row). One more than `limit` tells there is a next page. */
export async function listRequests(db: Queryable, actor: Actor, q: { status: string; mine: boolean; after?: string; limit: number }): Promise<RequestListRow[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, HELP_REQUEST, p);
  const where = [access.any];
  if (q.status !== 'any') where.push(`r.status = ${p.p(q.status)}`);
  if (q.mine) where.push(`r.created_by = ${p.p(actor.accountId)}`);
  if (q.after) {
    const i = q.after.lastIndexOf('|');
    const at = new Date(q.after.slice(0, i));
    if (i > 0 && !Number.isNaN(at.getTime())) where.push(`(r.starts_at, r.request_id) > (${p.p(at.toISOString())}::timestamptz, ${p.p(q.after.slice(i + 1))})`);
  }
  const { rows } = await db.query<RequestListRow>(
    `SELECT r.request_id, r.receipt_number, r.kind, r.status, r.town_name, r.starts_at, r.ends_at, r.fee_kind, r.is_disaster, r.helpers_needed, ${access.level} AS access,
       (SELECT count(*)::int FROM help_assignments a WHERE a.municipality_code = r.municipality_code AND a.request_id = r.request_id
          AND a.status IN ('confirmed', 'accepted', 'done')) AS assigned
       FROM help_requests r WHERE ${where.join(' AND ')} ORDER BY r.starts_at, r.request_id LIMIT ${p.p(q.limit + 1)}`,
    p.values,
  );
  return rows;
}

/** Counts bookings that hold a slot on a request (locked request row: the caller decides on it). */
export async function countBookings(tx: Queryable, m: string, requestId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM help_assignments WHERE municipality_code = $1 AND request_id = $2 AND status IN ('confirmed', 'accepted', 'done')", [m, requestId],
  );
  return rows[0]?.n ?? 0;
}

export const newId = () => crypto.randomUUID();
