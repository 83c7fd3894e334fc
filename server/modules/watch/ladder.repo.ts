import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db';
import type { LadderRung } from './watch.policy';

export interface LadderStepRow {
  ladder_kind: string;
  step: number;
  days_overdue: number;
  target: LadderRung['target'];
}

/** A municipality's ladder steps, by kind and step. */
export async function listLadder(db: Queryable, m: string): Promise<LadderStepRow[]> {
  const { rows } = await db.query<LadderStepRow>('SELECT ladder_kind, step, days_overdue, target FROM watch_ladder_steps WHERE municipality_code = $1 ORDER BY ladder_kind, step', [m]);
  return rows;
}

export async function replaceLadder(db: Queryable, m: string, steps: readonly { ladderKind: string; step: number; daysOverdue: number; target: string }[]): Promise<void> {
  await db.query('DELETE FROM watch_ladder_steps WHERE municipality_code = $1', [m]);
  for (const s of steps) {
    await db.query('INSERT INTO watch_ladder_steps (municipality_code, ladder_kind, step, days_overdue, target) VALUES ($1, $2, $3, $4, $5)', [m, s.ladderKind, s.step, s.daysOverdue, s.target]);
  }
}

/** The default ladder for a municipality that has none (idempotent, every boot). */
export async function ensureLadder(db: Queryable, m: string, steps: readonly { ladderKind: string; step: number; daysOverdue: number; target: string }[]): Promise<void> {
  const { rows } = await db.query('SELECT 1 FROM watch_ladder_steps WHERE municipality_code = $1 LIMIT 1', [m]);
  if (rows.length === 0) await replaceLadder(db, m, steps);
}

/**
 * Sets when the next step of each plan's ladder falls due: its due time plus the days of the
 * step after the one reached (null when no step is left). For the plans given, or every active
 * plan of the municipality (after the ladder changed).
 */
export async function retimeAlerts(db: Queryable, m: string, planIds: readonly string[] | 'all'): Promise<void> {
  await db.query(
    `UPDATE watch_plans w SET next_alert_at = w.due_at + make_interval(days => (
        SELECT s.days_overdue FROM watch_ladder_steps s WHERE s.municipality_code = w.municipality_code AND s.ladder_kind = w.ladder_kind AND s.step = w.ladder_step + 1))
      WHERE w.municipality_code = $1 AND ($2::boolean OR w.plan_id = ANY($3::text[]))`,
    [m, planIds === 'all', planIds === 'all' ? [] : planIds],
  );
}

export interface DuePlanRow {
  municipality_code: string;
  plan_id: string;
  district_unit_id: string;
  watcher_account_id: string | null;
  ladder_kind: string;
  ladder_step: number;
  due_at: Date;
}

/** Active plans whose next ladder step is due, locked (other app processes skip them), oldest first. */
export async function claimDuePlans(db: Queryable, now: Date, limit: number): Promise<DuePlanRow[]> {
  const { rows } = await db.query<DuePlanRow>(
    `SELECT municipality_code, plan_id, district_unit_id, watcher_account_id, ladder_kind, ladder_step, due_at FROM watch_plans
      WHERE status = 'active' AND next_alert_at IS NOT NULL AND next_alert_at <= $1
      ORDER BY next_alert_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  return rows;
}

/** Records one alert of the ladder; false when this step of this overdue contact alerted before. */
export async function insertAlert(
  db: Queryable,
  m: string,
  a: { planId: string; dueAt: Date; step: number; target: string; unitId: string | null; accountId: string | null; at: Date },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO watch_alerts (municipality_code, alert_id, plan_id, due_at, step, target, target_unit_id, target_account_id, raised_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (municipality_code, plan_id, due_at, step) DO NOTHING RETURNING alert_id`,
    [m, crypto.randomUUID(), a.planId, a.dueAt.toISOString(), a.step, a.target, a.unitId, a.accountId, a.at.toISOString()],
  );
  return rows.length > 0;
}

export async function setLadderStep(db: Queryable, m: string, planId: string, step: number): Promise<void> {
  await db.query('UPDATE watch_plans SET ladder_step = $3 WHERE municipality_code = $1 AND plan_id = $2', [m, planId, step]);
}

/** The alerts a plan raised, oldest first (for tests and the plan's history). */
export async function listAlerts(db: Queryable, m: string, planId: string): Promise<{ step: number; target: string; due_at: Date; raised_at: Date }[]> {
  const { rows } = await db.query<{ step: number; target: string; due_at: Date; raised_at: Date }>(
    'SELECT step, target, due_at, raised_at FROM watch_alerts WHERE municipality_code = $1 AND plan_id = $2 ORDER BY raised_at, step',
    [m, planId],
  );
  return rows;
}
