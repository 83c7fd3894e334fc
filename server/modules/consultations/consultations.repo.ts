import crypto from 'node:crypto';
import type { ConsultationListQuery, RoutingRule } from '../../../core/contracts/consultations';
import { SqlParams, visibleTo, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear } from '../../../core/japanese';
import { CONSULTATION_VISIBILITY, reachUnits, receiptNumber, type UnitNode } from './consultations.policy';

/**
 * The SQL of consultations. Every read goes through `accessSql`: full access by `visibleTo`,
 * contributor access by having raised it or a unit in reach having held it. The joins on
 * `units`, `accounts` and `people` only read names for display (kernel tables, decision 0005).
 */

/** A timestamp as the driver returns it (a Date, or text) → ISO 8601 in UTC; null stays null. */
export function iso(v: string | Date | null | undefined): string | null {
  return v === null || v === undefined ? null : new Date(v).toISOString();
}

export interface ConsultationRow {
  consultation_id: string;
  receipt_number: string;
  channel: string;
  source: string;
  source_note: string;
  anonymous: boolean;
  third_party_concern: boolean;
  categories: string[];
  urgency: string;
  summary: string;
  subject_label: string;
  person_id: string | null;
  household_id: string | null;
  address: string;
  consent: string;
  consent_scope: string[];
  contact_preference: string | null;
  contact_detail: string;
  stage: string;
  owning_unit_id: string;
  assigned_account_id: string | null;
  assigned_at: string | null;
  assignment_due_at: string | null;
  first_contact_due_at: string | null;
  first_contact_at: string | null;
  door_unit_id: string | null;
  raised_by: string | null;
  outcome: string | null;
  closed_at: string | null;
  closed_by: string | null;
  follow_up_date: string | null;
  closure_note: string;
  pending_closure: { outcome: string; followUpDate: string | null; note: string; by: string; byName: string | null; at: string } | null;
  version: number;
  created_at: string;
  updated_at: string;
  // joined
  owning_unit_name: string;
  owning_unit_name_en: string;
  owning_tier: string;
  assigned_name: string | null;
  person_name: string | null;
  full_access: boolean;
  overdue_first_contact: boolean;
  unassigned_overdue: boolean;
}

const SELECT = `c.consultation_id, c.receipt_number, c.channel, c.source, c.source_note, c.anonymous, c.third_party_concern,
  c.categories, c.urgency, c.summary, c.subject_label, c.person_id, c.household_id, c.address, c.consent, c.consent_scope,
  c.contact_preference, c.contact_detail, c.stage, c.owning_unit_id, c.assigned_account_id, c.assigned_at, c.assignment_due_at,
  c.first_contact_due_at, c.first_contact_at, c.door_unit_id, c.raised_by, c.outcome, c.closed_at, c.closed_by,
  c.follow_up_date, c.closure_note, c.pending_closure, c.version, c.created_at, c.updated_at,
  u.name_ja AS owning_unit_name, u.name_en AS owning_unit_name_en, u.tier AS owning_tier, a.display_name AS assigned_name,
  CASE WHEN p.person_id IS NULL THEN NULL ELSE p.family_name || ' ' || p.given_name END AS person_name,
  COALESCE(c.stage <> 'closed' AND c.first_contact_at IS NULL AND c.first_contact_due_at < now(), false) AS overdue_first_contact,
  COALESCE(c.stage <> 'closed' AND c.assigned_account_id IS NULL AND c.assignment_due_at < now(), false) AS unassigned_overdue`;

const FROM = `consultations c
  JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
  LEFT JOIN accounts a ON a.municipality_code = c.municipality_code AND a.account_id = c.assigned_account_id
  LEFT JOIN people p ON p.municipality_code = c.municipality_code AND p.person_id = c.person_id`;

/** Only the full-access condition (decision 0005), for queries that never serve contributors. */
export function fullAccessSql(actor: Actor, sql: SqlParams): string {
  return visibleTo(actor, CONSULTATION_VISIBILITY, sql);
}

/** `full` and `any` SQL conditions for the actor; `any` (full or contributor) filters rows, `full` is selected. */
export function accessSql(actor: Actor, sql: SqlParams): { full: string; any: string } {
  const full = visibleTo(actor, CONSULTATION_VISIBILITY, sql);
  if (actor.reach === 'municipality') return { full, any: full };
  const units = reachUnits(actor);
  // holder_unit_ids always contains the owning unit, so for unit and subtree reach it covers
  // the owner part of `full` too: every branch below is an index condition (decision 0005).
  const contributor = [`c.raised_by = ${sql.p(actor.accountId)}`];
  if (units !== 'all' && units.length > 0) contributor.push(`c.holder_unit_ids && ${sql.p(units)}::text[]`);
  return { full, any: `(${full} OR (c.municipality_code = ${sql.p(actor.municipalityCode)} AND (${contributor.join(' OR ')})))` };
}

export async function findVisibleConsultation(db: Queryable, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<ConsultationRow | null> {
  const sql = new SqlParams([actor.municipalityCode, id]);
  const access = accessSql(actor, sql);
  const { rows } = await db.query<ConsultationRow>(
    `SELECT ${SELECT}, COALESCE(${access.full}, false) AS full_access FROM ${FROM}
      WHERE c.municipality_code = $1 AND c.consultation_id = $2 AND ${access.any}
      ${opts.forUpdate ? 'FOR UPDATE OF c' : ''}`,
    sql.values,
  );
  return rows[0] ?? null;
}

export async function consultationExists(db: Queryable, m: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM consultations WHERE municipality_code = $1 AND consultation_id = $2', [m, id]);
  return rows.length > 0;
}

/** The largest `total` a list counts to (a full page of a queue wider than this says "200件以上"): counting reads every matching row. */
export const COUNT_CAP = 200;

export async function listConsultations(db: Queryable, actor: Actor, q: ConsultationListQuery & { searchKey?: string; searchTokens?: string[] }): Promise<{ rows: ConsultationRow[]; total: number; totalIsLowerBound: boolean }> {
  const sql = new SqlParams([actor.municipalityCode]);
  const access = accessSql(actor, sql);
  const where = ['c.municipality_code = $1', access.any];
  if (q.view === 'mine') {
    const me = sql.p(actor.accountId);
    where.push(`(c.assigned_account_id = ${me} OR c.raised_by = ${me})`);
  }
  if (q.view === 'unit') where.push(`c.owning_unit_id = ANY(${sql.p(actor.unitIds)}::text[])`);
  if (q.status === 'open') where.push(`c.stage <> 'closed'`);
  if (q.status === 'closed') where.push(`c.stage = 'closed'`);
  if (q.stage) where.push(`c.stage = ${sql.p(q.stage)}`);
  if (q.tier) where.push(`c.owning_unit_id IN (SELECT unit_id FROM units WHERE municipality_code = $1 AND tier = ${sql.p(q.tier)})`);
  if (q.unitId) where.push(`c.owning_unit_id = ${sql.p(q.unitId)}`);
  if (q.category) where.push(`c.categories @> ARRAY[${sql.p(q.category)}]::text[]`);
  if (q.personId) where.push(`c.person_id = ${sql.p(q.personId)}`);
  if (q.overdue) {
    where.push(`c.stage <> 'closed' AND ((c.first_contact_at IS NULL AND c.first_contact_due_at < now()) OR (c.assigned_account_id IS NULL AND c.assignment_due_at < now()))`);
  }
  if (q.unassigned) where.push('c.assigned_account_id IS NULL');
  if (q.searchKey) {
    // Tokens narrow through the GIN index; the LIKE keeps only real substrings (bigrams alone could be out of order).
    const tokens = q.searchTokens?.length ? `c.search_tokens @> ${sql.p(q.searchTokens)}::text[] AND ` : '';
    where.push(`(c.receipt_number = ${sql.p(q.q)} OR (${tokens}c.search_text LIKE ${sql.p(`%${likeEscape(q.searchKey)}%`)}))`);
  }
  const whereSql = where.join(' AND ');
  const listSql = `SELECT ${SELECT}, COALESCE(${access.full}, false) AS full_access FROM ${FROM} WHERE ${whereSql}
    ORDER BY c.created_at DESC, c.consultation_id LIMIT ${sql.p(q.limit)} OFFSET ${sql.p(q.offset)}`;
  const list = await db.query<ConsultationRow>(listSql, sql.values);
  if (list.rows.length < q.limit) return { rows: list.rows, total: q.offset + list.rows.length, totalIsLowerBound: false };
  // A full page: count over the consultations table alone (the joins only add names), up to the
  // cap, and always far enough to know whether a next page exists.
  const cap = Math.max(COUNT_CAP, q.offset + q.limit + 1);
  const countSql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM consultations c WHERE ${whereSql} LIMIT ${cap}) t`;
  const n = (await db.query<{ n: number }>(countSql, sql.values.slice(0, sql.values.length - 2))).rows[0]?.n ?? 0;
  return { rows: list.rows, total: n, totalIsLowerBound: n >= cap };
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function loadUnits(db: Queryable, m: string): Promise<Map<string, UnitNode>> {
  const { rows } = await db.query<{ unit_id: string; parent_unit_id: string | null; tier: string; kind: string; name_ja: string; name_en: string; is_active: boolean }>(
    'SELECT unit_id, parent_unit_id, tier, kind, name_ja, name_en, is_active FROM units WHERE municipality_code = $1 ORDER BY sort_order, unit_id',
    [m],
  );
  return new Map(rows.map((r) => [r.unit_id, { id: r.unit_id, parentId: r.parent_unit_id, tier: r.tier, kind: r.kind, nameJa: r.name_ja, nameEn: r.name_en, isActive: r.is_active }]));
}

export async function loadRules(db: Queryable, m: string): Promise<RoutingRule[]> {
  const { rows } = await db.query<{ priority: number; door_kind: string; strategy: RoutingRule['strategy']; unit_id: string | null; fallback_unit_id: string | null }>(
    'SELECT priority, door_kind, strategy, unit_id, fallback_unit_id FROM consultation_routing_rules WHERE municipality_code = $1 ORDER BY priority',
    [m],
  );
  return rows.map((r) => ({ priority: r.priority, doorKind: r.door_kind, strategy: r.strategy, unitId: r.unit_id, fallbackUnitId: r.fallback_unit_id }));
}

export async function replaceRules(db: Queryable, m: string, rules: readonly RoutingRule[]): Promise<void> {
  await db.query('DELETE FROM consultation_routing_rules WHERE municipality_code = $1', [m]);
  for (const r of rules) {
    await db.query(
      'INSERT INTO consultation_routing_rules (municipality_code, priority, door_kind, strategy, unit_id, fallback_unit_id) VALUES ($1, $2, $3, $4, $5, $6)',
      [m, r.priority, r.doorKind, r.strategy, r.unitId ?? null, r.fallbackUnitId ?? null],
    );
  }
}

export interface Settings {
  highRiskCategories: string[];
  minContactAttempts: number;
}

export async function loadSettings(db: Queryable, m: string): Promise<Settings> {
  const { rows } = await db.query<{ high_risk_categories: string[]; min_contact_attempts: number }>(
    'SELECT high_risk_categories, min_contact_attempts FROM consultation_settings WHERE municipality_code = $1',
    [m],
  );
  const r = rows[0];
  return r ? { highRiskCategories: r.high_risk_categories, minContactAttempts: r.min_contact_attempts } : { highRiskCategories: ['abuse'], minContactAttempts: 3 };
}

/** The receipt number the next consultation of this fiscal year would get, without taking it. */
export async function peekReceiptNumber(db: Queryable, m: string): Promise<string> {
  const fy = fiscalYear(todayInJapan());
  const { rows } = await db.query<{ last_number: number }>('SELECT last_number FROM consultation_counters WHERE municipality_code = $1 AND fiscal_year = $2', [m, fy]);
  return receiptNumber(fy, (rows[0]?.last_number ?? 0) + 1);
}

/** The next receipt number of a fiscal year: the counter row is locked until commit, so numbers never repeat. */
export async function nextReceiptSerial(tx: Queryable, m: string, fiscalYear: number): Promise<number> {
  const { rows } = await tx.query<{ last_number: number }>(
    `INSERT INTO consultation_counters (municipality_code, fiscal_year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (municipality_code, fiscal_year) DO UPDATE SET last_number = consultation_counters.last_number + 1
     RETURNING last_number`,
    [m, fiscalYear],
  );
  return rows[0]!.last_number;
}

export interface NewConsultation {
  m: string;
  id: string;
  receiptNumber: string;
  channel: string;
  source: string;
  sourceNote: string;
  anonymous: boolean;
  thirdPartyConcern: boolean;
  categories: string[];
  urgency: string;
  summary: string;
  subjectLabel: string;
  personId: string | null;
  householdId: string | null;
  address: string;
  consent: string;
  consentScope: string[];
  contactPreference: string | null;
  contactDetail: string;
  owningUnitId: string;
  doorUnitId: string | null;
  raisedBy: string | null;
  assignmentDueAt: Date;
  firstContactDueAt: Date;
  searchText: string;
}

export async function insertConsultation(tx: Queryable, c: NewConsultation): Promise<void> {
  await tx.query(
    `INSERT INTO consultations (municipality_code, consultation_id, receipt_number, channel, source, source_note, anonymous,
       third_party_concern, categories, urgency, summary, subject_label, person_id, household_id, address, consent, consent_scope,
       contact_preference, contact_detail, owning_unit_id, door_unit_id, raised_by, assignment_due_at, first_contact_due_at, search_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10, $11, $12, $13, $14, $15, $16, $17::text[], $18, $19, $20, $21, $22, $23, $24, $25)`,
    [
      c.m, c.id, c.receiptNumber, c.channel, c.source, c.sourceNote, c.anonymous, c.thirdPartyConcern, c.categories, c.urgency,
      c.summary, c.subjectLabel, c.personId, c.householdId, c.address, c.consent, c.consentScope, c.contactPreference, c.contactDetail,
      c.owningUnitId, c.doorUnitId, c.raisedBy, c.assignmentDueAt.toISOString(), c.firstContactDueAt.toISOString(), c.searchText,
    ],
  );
  await addHolder(tx, c.m, c.id, c.owningUnitId);
}

export async function addHolder(tx: Queryable, m: string, id: string, unitId: string): Promise<void> {
  await tx.query(
    'INSERT INTO consultation_holders (municipality_code, consultation_id, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [m, id, unitId],
  );
}

/** Updates columns of one consultation (none: only the version) and bumps its version: any change to its timeline is a change to it. */
export async function updateConsultation(tx: Queryable, m: string, id: string, set: Record<string, unknown>): Promise<void> {
  const sql = new SqlParams([m, id]);
  const cols = Object.entries(set).map(([k, v]) => `${k} = ${sql.p(v)}, `);
  await tx.query(
    `UPDATE consultations SET ${cols.join('')}version = version + 1, updated_at = now() WHERE municipality_code = $1 AND consultation_id = $2`,
    sql.values,
  );
}

export interface NewEvent {
  kind: string;
  noteKind?: string | null;
  body?: string;
  sensitive?: boolean;
  details?: Record<string, unknown>;
  fromUnitId?: string | null;
  toUnitId?: string | null;
  unitId: string | null;
  byAccountId: string | null;
}

export async function insertEvent(tx: Queryable, m: string, consultationId: string, e: NewEvent): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO consultation_events (municipality_code, consultation_id, event_id, kind, note_kind, body, sensitive, details,
       from_unit_id, to_unit_id, unit_id, by_account_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, clock_timestamp())`,
    [m, consultationId, id, e.kind, e.noteKind ?? null, e.body ?? '', e.sensitive ?? false, JSON.stringify(e.details ?? {}), e.fromUnitId ?? null, e.toUnitId ?? null, e.unitId, e.byAccountId],
  );
  return id;
}

export interface EventRow {
  event_id: string;
  kind: string;
  note_kind: string | null;
  body: string;
  sensitive: boolean;
  details: Record<string, unknown>;
  from_unit_id: string | null;
  to_unit_id: string | null;
  unit_id: string | null;
  by_account_id: string | null;
  by_name: string | null;
  at: string;
}

export async function listEvents(db: Queryable, m: string, id: string): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT e.event_id, e.kind, e.note_kind, e.body, e.sensitive, e.details, e.from_unit_id, e.to_unit_id, e.unit_id, e.by_account_id,
            a.display_name AS by_name, e.at
       FROM consultation_events e
       LEFT JOIN accounts a ON a.municipality_code = e.municipality_code AND a.account_id = e.by_account_id
      WHERE e.municipality_code = $1 AND e.consultation_id = $2
      ORDER BY e.at, e.event_id`,
    [m, id],
  );
  return rows;
}

export async function countContactAttempts(db: Queryable, m: string, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM consultation_events WHERE municipality_code = $1 AND consultation_id = $2 AND kind = 'note' AND note_kind = 'contact_attempt'`,
    [m, id],
  );
  return rows[0]?.n ?? 0;
}

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

/** Active accounts of a unit that may work consultations: who a consultation of that unit can be assigned to. */
export async function workersOfUnit(db: Queryable, m: string, unitId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ account_id: string; display_name: string }>(
    `SELECT DISTINCT a.account_id, a.display_name FROM accounts a
       JOIN account_units au ON au.municipality_code = a.municipality_code AND au.account_id = a.account_id
       JOIN account_roles ar ON ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id
       JOIN role_permissions rp ON rp.municipality_code = ar.municipality_code AND rp.role_code = ar.role_code
      WHERE a.municipality_code = $1 AND au.unit_id = $2 AND a.is_active AND rp.permission = 'consultations.write'
        AND (a.term_ends_on IS NULL OR a.term_ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date)
      ORDER BY a.display_name`,
    [m, unitId],
  );
  return rows.map((r) => ({ id: r.account_id, name: r.display_name }));
}

const alertColumns = (kind: string, since: string) => `'${kind}' AS kind, c.consultation_id AS "consultationId", c.receipt_number AS "receiptNumber",
  u.name_ja AS "owningUnitName", ${since} AS since, left(c.summary, 60) AS title`;

export interface AlertRow {
  kind: 'new_consultation' | 'unassigned' | 'first_contact_overdue' | 'closure_approval' | 'task_due';
  consultationId: string;
  receiptNumber: string;
  owningUnitName: string;
  since: string;
  title: string;
}

/**
 * What needs the actor's attention, computed from the records (nothing to fall out of date):
 * new consultations their unit owns that nobody has taken yet (since they reached the unit);
 * consultations of their unit or of a unit right under it (a district under an area centre)
 * with no named worker past the deadline; first contacts overdue on what they own or are
 * assigned; closures waiting for their approval; their tasks whose reminder date has come.
 */
export async function listAlerts(db: Queryable, actor: Actor, approver: boolean): Promise<AlertRow[]> {
  const sql = new SqlParams([actor.municipalityCode]);
  const full = visibleTo(actor, CONSULTATION_VISIBILITY, sql);
  const mine = sql.p(actor.unitIds);
  const me = sql.p(actor.accountId);
  const base = `FROM consultations c JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
    WHERE c.municipality_code = $1 AND c.stage <> 'closed' AND ${full}`;
  // When it reached its present owner: its intake, or the last move up or down.
  const arrived = `(SELECT max(e.at) FROM consultation_events e WHERE e.municipality_code = c.municipality_code AND e.consultation_id = c.consultation_id
    AND e.kind IN ('intake', 'escalation', 'handdown'))`;
  const parts = [
    `SELECT ${alertColumns('new_consultation', arrived)} ${base} AND c.assigned_account_id IS NULL
       AND (c.assignment_due_at IS NULL OR c.assignment_due_at >= now()) AND u.unit_id = ANY(${mine}::text[])`,
    `SELECT ${alertColumns('unassigned', 'c.assignment_due_at')} ${base} AND c.assigned_account_id IS NULL AND c.assignment_due_at < now()
       AND (u.unit_id = ANY(${mine}::text[]) OR u.parent_unit_id = ANY(${mine}::text[]))`,
    `SELECT ${alertColumns('first_contact_overdue', 'c.first_contact_due_at')} ${base} AND c.first_contact_at IS NULL AND c.first_contact_due_at < now()
       AND (c.assigned_account_id = ${me} OR (c.assigned_account_id IS NULL AND u.unit_id = ANY(${mine}::text[])))`,
    `SELECT 'task_due' AS kind, c.consultation_id, c.receipt_number, u.name_ja, t.remind_on::timestamptz, t.title
       FROM consultation_tasks t
       JOIN consultations c ON c.municipality_code = t.municipality_code AND c.consultation_id = t.consultation_id
       JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
      WHERE t.municipality_code = $1 AND t.assignee_account_id = ${me} AND t.done_at IS NULL AND c.stage <> 'closed'
        AND t.remind_on <= (now() AT TIME ZONE 'Asia/Tokyo')::date AND ${full}`,
  ];
  if (approver) parts.push(`SELECT ${alertColumns('closure_approval', "(c.pending_closure->>'at')::timestamptz")} ${base} AND c.pending_closure IS NOT NULL`);
  const { rows } = await db.query<AlertRow>(`SELECT * FROM (${parts.join(' UNION ALL ')}) a ORDER BY since LIMIT 500`, sql.values);
  return rows;
}
