import type { Queryable } from '../../platform/db';

export interface VisitRow {
  visit_id: string;
  plan_id: string;
  client_request_id: string;
  status: 'fine' | 'concern' | 'absent' | 'emergency';
  note: string;
  channel: string;
  visited_at: Date;
  recorded_at: Date;
  recorded_by: string;
  recorded_by_name: string | null;
  consultation_id: string | null;
  receipt_number: string | null;
  consultation_stage: string | null;
}

const VISIT_SELECT = `v.visit_id, v.plan_id, v.client_request_id, v.status, v.note, v.channel, v.visited_at, v.recorded_at, v.recorded_by,
  a.display_name AS recorded_by_name, v.consultation_id, c.receipt_number, c.stage AS consultation_stage`;
const VISIT_FROM = `watch_visits v
  LEFT JOIN accounts a ON a.municipality_code = v.municipality_code AND a.account_id = v.recorded_by
  LEFT JOIN consultations c ON c.municipality_code = v.municipality_code AND c.consultation_id = v.consultation_id`;

/**
 * Stores a visit unless its client request id is already stored (the same visit sent again):
 * returns true when this call wrote it. Two identical requests at once: the second waits on the
 * unique index until the first commits, then writes nothing.
 */
export async function insertVisit(
  db: Queryable,
  m: string,
  v: { id: string; planId: string; clientRequestId: string; status: string; note: string; channel: string; visitedAt: Date; recordedBy: string },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO watch_visits (municipality_code, visit_id, plan_id, client_request_id, status, note, channel, visited_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (municipality_code, client_request_id) DO NOTHING RETURNING visit_id`,
    [m, v.id, v.planId, v.clientRequestId, v.status, v.note, v.channel, v.visitedAt.toISOString(), v.recordedBy],
  );
  return rows.length > 0;
}

export async function findVisitByRequest(db: Queryable, m: string, clientRequestId: string): Promise<VisitRow | null> {
  const { rows } = await db.query<VisitRow>(`SELECT ${VISIT_SELECT} FROM ${VISIT_FROM} WHERE v.municipality_code = $1 AND v.client_request_id = $2`, [m, clientRequestId]);
  return rows[0] ?? null;
}

/** The plan a client request id was stored for (to load the plan through the gate first). */
export async function planOfRequest(db: Queryable, m: string, clientRequestId: string): Promise<string | null> {
  const { rows } = await db.query<{ plan_id: string }>('SELECT plan_id FROM watch_visits WHERE municipality_code = $1 AND client_request_id = $2', [m, clientRequestId]);
  return rows[0]?.plan_id ?? null;
}

/** A plan's latest visits, newest first; only those one account recorded when `onlyBy` is given (a watcher sees their own). */
export async function listPlanVisits(db: Queryable, m: string, planId: string, limit: number, onlyBy?: string): Promise<VisitRow[]> {
  const { rows } = await db.query<VisitRow>(
    `SELECT ${VISIT_SELECT} FROM ${VISIT_FROM} WHERE v.municipality_code = $1 AND v.plan_id = $2 AND ($3::text IS NULL OR v.recorded_by = $3)
      ORDER BY v.visited_at DESC, v.visit_id LIMIT $4`,
    [m, planId, onlyBy ?? null, limit],
  );
  return rows;
}

/**
 * Moves the plan's record of contacts after a visit: the last attempt always; for a contact
 * that is the newest one, the last contact, the next due time, and the ladder back to step 0
 * (a visit logged stops the ladder).
 */
export async function applyVisitToPlan(db: Queryable, m: string, planId: string, v: { visitedAt: Date; status: string; contact: boolean; dueAt: Date }): Promise<void> {
  await db.query(
    `UPDATE watch_plans SET
       last_visit_at = GREATEST(last_visit_at, $3::timestamptz),
       last_status = CASE WHEN last_visit_at IS NULL OR last_visit_at <= $3::timestamptz THEN $4 ELSE last_status END,
       last_contact_at = CASE WHEN $5::boolean AND (last_contact_at IS NULL OR last_contact_at < $3::timestamptz) THEN $3::timestamptz ELSE last_contact_at END,
       due_at = CASE WHEN $5::boolean AND (last_contact_at IS NULL OR last_contact_at < $3::timestamptz) THEN $6::timestamptz ELSE due_at END,
       ladder_step = CASE WHEN $5::boolean AND (last_contact_at IS NULL OR last_contact_at < $3::timestamptz) THEN 0 ELSE ladder_step END,
       updated_at = now()
     WHERE municipality_code = $1 AND plan_id = $2`,
    [m, planId, v.visitedAt.toISOString(), v.status, v.contact, v.dueAt.toISOString()],
  );
}

export async function setVisitConsultation(db: Queryable, m: string, visitId: string, consultationId: string): Promise<void> {
  await db.query('UPDATE watch_visits SET consultation_id = $3 WHERE municipality_code = $1 AND visit_id = $2', [m, visitId, consultationId]);
}
