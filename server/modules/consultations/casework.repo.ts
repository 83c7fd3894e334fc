import { SqlParams, visibleTo, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { CONSULTATION_VISIBILITY } from './consultations.policy';

/** The SQL of the work on a consultation: assessment and plan versions, tasks, abuse reports. */

export interface VersionedRow {
  version: number;
  content: Record<string, unknown>;
  by_name: string | null;
  at: string;
}

export async function latestAssessment(db: Queryable, m: string, id: string): Promise<VersionedRow | null> {
  const { rows } = await db.query<VersionedRow>(
    `SELECT s.version, s.content, a.display_name AS by_name, s.at FROM consultation_assessments s
       LEFT JOIN accounts a ON a.municipality_code = s.municipality_code AND a.account_id = s.by_account_id
      WHERE s.municipality_code = $1 AND s.consultation_id = $2 ORDER BY s.version DESC LIMIT 1`,
    [m, id],
  );
  return rows[0] ?? null;
}

export async function listAssessments(db: Queryable, m: string, id: string): Promise<VersionedRow[]> {
  const { rows } = await db.query<VersionedRow>(
    `SELECT s.version, s.content, a.display_name AS by_name, s.at FROM consultation_assessments s
       LEFT JOIN accounts a ON a.municipality_code = s.municipality_code AND a.account_id = s.by_account_id
      WHERE s.municipality_code = $1 AND s.consultation_id = $2 ORDER BY s.version DESC`,
    [m, id],
  );
  return rows;
}

export async function insertAssessment(tx: Queryable, m: string, id: string, version: number, content: unknown, by: string): Promise<void> {
  await tx.query(
    'INSERT INTO consultation_assessments (municipality_code, consultation_id, version, content, by_account_id) VALUES ($1, $2, $3, $4::jsonb, $5)',
    [m, id, version, JSON.stringify(content), by],
  );
}

export interface PlanRow {
  version: number;
  goals: { id: string; text: string }[];
  actions: { id: string; text: string; ownerUnitId: string | null; ownerAccountId: string | null; ownerLabel: string; dueDate: string | null; done: boolean }[];
  review_date: string;
  by_name: string | null;
  at: string;
}

export async function latestPlan(db: Queryable, m: string, id: string): Promise<PlanRow | null> {
  const { rows } = await db.query<PlanRow>(
    `SELECT s.version, s.goals, s.actions, s.review_date, a.display_name AS by_name, s.at FROM consultation_plans s
       LEFT JOIN accounts a ON a.municipality_code = s.municipality_code AND a.account_id = s.by_account_id
      WHERE s.municipality_code = $1 AND s.consultation_id = $2 ORDER BY s.version DESC LIMIT 1`,
    [m, id],
  );
  return rows[0] ?? null;
}

export async function insertPlan(tx: Queryable, m: string, id: string, p: { version: number; goals: unknown; actions: unknown; reviewDate: string }, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO consultation_plans (municipality_code, consultation_id, version, goals, actions, review_date, by_account_id)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
    [m, id, p.version, JSON.stringify(p.goals), JSON.stringify(p.actions), p.reviewDate, by],
  );
}

export interface TaskRow {
  task_id: string;
  consultation_id: string;
  receipt_number: string;
  title: string;
  assignee_account_id: string | null;
  assignee_name: string | null;
  due_date: string | null;
  remind_on: string | null;
  done_at: string | null;
  created_at: string;
}

const TASK_SELECT = `t.task_id, t.consultation_id, c.receipt_number, t.title, t.assignee_account_id, a.display_name AS assignee_name,
  t.due_date, t.remind_on, t.done_at, t.created_at
  FROM consultation_tasks t
  JOIN consultations c ON c.municipality_code = t.municipality_code AND c.consultation_id = t.consultation_id
  LEFT JOIN accounts a ON a.municipality_code = t.municipality_code AND a.account_id = t.assignee_account_id`;

export async function listTasks(db: Queryable, m: string, consultationId: string): Promise<TaskRow[]> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_SELECT} WHERE t.municipality_code = $1 AND t.consultation_id = $2 ORDER BY t.done_at NULLS FIRST, t.due_date NULLS LAST, t.created_at`,
    [m, consultationId],
  );
  return rows;
}

/** Open tasks assigned to the actor on consultations they may still work on, soonest first. */
export async function listMyTasks(db: Queryable, actor: Actor): Promise<TaskRow[]> {
  const sql = new SqlParams([actor.municipalityCode, actor.accountId]);
  const full = visibleTo(actor, CONSULTATION_VISIBILITY, sql);
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_SELECT} WHERE t.municipality_code = $1 AND t.assignee_account_id = $2 AND t.done_at IS NULL AND c.stage <> 'closed' AND ${full}
      ORDER BY t.due_date NULLS LAST, t.created_at LIMIT 200`,
    sql.values,
  );
  return rows;
}

export async function insertTask(tx: Queryable, m: string, t: { id: string; consultationId: string; title: string; assignee: string | null; dueDate: string | null; remindOn: string | null; by: string }): Promise<void> {
  await tx.query(
    `INSERT INTO consultation_tasks (municipality_code, task_id, consultation_id, title, assignee_account_id, due_date, remind_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m, t.id, t.consultationId, t.title, t.assignee, t.dueDate, t.remindOn, t.by],
  );
}

export async function completeTask(tx: Queryable, m: string, consultationId: string, taskId: string, by: string): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE consultation_tasks SET done_at = now(), done_by = $4
      WHERE municipality_code = $1 AND consultation_id = $2 AND task_id = $3 AND done_at IS NULL RETURNING task_id`,
    [m, consultationId, taskId, by],
  );
  return rows.length > 0;
}

export interface AbuseRow {
  report_id: string;
  law: 'elderly' | 'disability' | 'child';
  legal_basis: string;
  summary: string;
  by_name: string | null;
  at: string;
}

export async function listAbuseReports(db: Queryable, m: string, id: string): Promise<AbuseRow[]> {
  const { rows } = await db.query<AbuseRow>(
    `SELECT r.report_id, r.law, r.legal_basis, r.summary, a.display_name AS by_name, r.at FROM abuse_reports r
       LEFT JOIN accounts a ON a.municipality_code = r.municipality_code AND a.account_id = r.by_account_id
      WHERE r.municipality_code = $1 AND r.consultation_id = $2 ORDER BY r.at`,
    [m, id],
  );
  return rows;
}

export async function insertAbuseReport(tx: Queryable, m: string, r: { id: string; consultationId: string; law: string; legalBasis: string; summary: string; immediateDanger: boolean; by: string }): Promise<void> {
  await tx.query(
    `INSERT INTO abuse_reports (municipality_code, report_id, consultation_id, law, legal_basis, summary, immediate_danger, by_account_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m, r.id, r.consultationId, r.law, r.legalBasis, r.summary, r.immediateDanger, r.by],
  );
}

