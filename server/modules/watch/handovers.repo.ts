import type { Queryable } from '../../platform/db';

export interface HandoverRow {
  handover_id: string;
  zone_area_id: string;
  zone_name: string;
  from_account_id: string;
  from_name: string;
  to_account_id: string;
  to_name: string;
  effective_on: string;
  reason: string;
  status: 'proposed' | 'confirmed' | 'applied' | 'cancelled';
  proposed_by: string;
  proposed_by_name: string | null;
  confirmed_by_name: string | null;
  applied_at: Date | null;
  plans_moved: number | null;
}

const SELECT = `h.handover_id, h.zone_area_id, ar.name_ja AS zone_name, h.from_account_id, fa.display_name AS from_name, h.to_account_id,
  ta.display_name AS to_name, h.effective_on, h.reason, h.status, h.proposed_by, pa.display_name AS proposed_by_name, ca.display_name AS confirmed_by_name,
  h.applied_at, h.plans_moved`;
const FROM = `watch_zone_handovers h
  JOIN areas ar ON ar.municipality_code = h.municipality_code AND ar.area_id = h.zone_area_id
  JOIN accounts fa ON fa.municipality_code = h.municipality_code AND fa.account_id = h.from_account_id
  JOIN accounts ta ON ta.municipality_code = h.municipality_code AND ta.account_id = h.to_account_id
  LEFT JOIN accounts pa ON pa.municipality_code = h.municipality_code AND pa.account_id = h.proposed_by
  LEFT JOIN accounts ca ON ca.municipality_code = h.municipality_code AND ca.account_id = h.confirmed_by`;

export async function insertHandover(db: Queryable, m: string, h: { id: string; zoneAreaId: string; fromAccountId: string; toAccountId: string; effectiveOn: string; reason: string; proposedBy: string }): Promise<void> {
  await db.query(
    `INSERT INTO watch_zone_handovers (municipality_code, handover_id, zone_area_id, from_account_id, to_account_id, effective_on, reason, proposed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m, h.id, h.zoneAreaId, h.fromAccountId, h.toAccountId, h.effectiveOn, h.reason, h.proposedBy],
  );
}

export async function findHandover(db: Queryable, m: string, id: string, forUpdate = false): Promise<HandoverRow | null> {
  const { rows } = await db.query<HandoverRow>(`SELECT ${SELECT} FROM ${FROM} WHERE h.municipality_code = $1 AND h.handover_id = $2 ${forUpdate ? 'FOR UPDATE OF h' : ''}`, [m, id]);
  return rows[0] ?? null;
}

export async function listHandovers(db: Queryable, m: string, limit: number): Promise<HandoverRow[]> {
  const { rows } = await db.query<HandoverRow>(`SELECT ${SELECT} FROM ${FROM} WHERE h.municipality_code = $1 ORDER BY h.proposed_at DESC, h.handover_id LIMIT $2`, [m, limit]);
  return rows;
}

export async function setHandoverStatus(db: Queryable, m: string, id: string, f: { status: string; by?: string; plansMoved?: number }): Promise<void> {
  await db.query(
    `UPDATE watch_zone_handovers SET status = $3,
       confirmed_by = CASE WHEN $3 = 'confirmed' THEN $4 ELSE confirmed_by END, confirmed_at = CASE WHEN $3 = 'confirmed' THEN now() ELSE confirmed_at END,
       cancelled_by = CASE WHEN $3 = 'cancelled' THEN $4 ELSE cancelled_by END,
       applied_at = CASE WHEN $3 = 'applied' THEN now() ELSE applied_at END, plans_moved = COALESCE($5, plans_moved)
     WHERE municipality_code = $1 AND handover_id = $2`,
    [m, id, f.status, f.by ?? null, f.plansMoved ?? null],
  );
}

/** The zone's plans watched by the old 民生委員 now name the successor (ended plans stay as they were). */
export async function moveZonePlans(db: Queryable, m: string, zoneAreaId: string, fromAccountId: string, toAccountId: string): Promise<number> {
  const { rows } = await db.query(
    `UPDATE watch_plans SET watcher_account_id = $4, version = version + 1, updated_at = now()
      WHERE municipality_code = $1 AND zone_area_id = $2 AND watcher_account_id = $3 AND status <> 'ended' RETURNING plan_id`,
    [m, zoneAreaId, fromAccountId, toAccountId],
  );
  return rows.length;
}

/** Confirmed handovers whose day has come, in every municipality, locked for this run. */
export async function claimDueHandovers(db: Queryable, today: string, limit: number): Promise<(HandoverRow & { municipality_code: string })[]> {
  const { rows } = await db.query<HandoverRow & { municipality_code: string }>(
    `SELECT h.municipality_code, ${SELECT} FROM ${FROM} WHERE h.status = 'confirmed' AND h.effective_on <= $1 ORDER BY h.effective_on LIMIT $2 FOR UPDATE OF h SKIP LOCKED`,
    [today, limit],
  );
  return rows;
}
