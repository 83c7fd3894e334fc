import type { RoutingRule } from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear } from '../../../core/japanese';
import { SqlParams, visibleTo, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { loadRecord } from '../../platform/gate';
import { CONSULTATION, CONSULTATION_VISIBILITY, receiptNumber } from './consultations.policy';

/**
 * The SQL of consultation rows: one row, queues and search, routing rules, settings, receipt
 * numbers and alerts. Every read goes through the consultation record type's access
 * (consultations.policy.ts `CONSULTATION`): full access or contributor, and nothing else.
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
  /** How the actor sees it: `reach` or `grant` (full access), or `contributor`. */
  access: string;
  overdue_first_contact: boolean;
  unassigned_overdue: boolean;
}

/** One consultation as the actor may see it, with its access level (the gate's load of the consultation type). */
export function findVisibleConsultation(db: Queryable, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<ConsultationRow | null> {
  return loadRecord<ConsultationRow>(db, actor, CONSULTATION, id, opts);
}

export async function consultationExists(db: Queryable, m: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM consultations WHERE municipality_code = $1 AND consultation_id = $2', [m, id]);
  return rows.length > 0;
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

/** A municipality's consultation settings row with its defaults (idempotent). */
export async function ensureSettings(tx: Queryable, m: string): Promise<void> {
  await tx.query('INSERT INTO consultation_settings (municipality_code) VALUES ($1) ON CONFLICT DO NOTHING', [m]);
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
