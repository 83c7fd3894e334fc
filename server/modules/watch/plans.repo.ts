import type { PlanListQuery } from '../../../core/contracts/watch';
import { searchKey } from '../../../core/japanese';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { loadRecord, recordAccess } from '../../platform/gate';
import { WATCH_PLAN, WATCH_PLAN_FROM, WATCH_PLAN_SELECT } from './watch.policy';

export interface PlanRow {
  plan_id: string;
  person_id: string;
  district_unit_id: string;
  zone_area_id: string | null;
  watcher_kind: 'commissioner' | 'welfare_helper' | 'neighbour' | 'partner';
  watcher_account_id: string | null;
  watcher_name: string;
  partner_id: string | null;
  basis: 'consent' | 'legal';
  consent_scope: string[];
  consent_recorded_on: string | null;
  legal_basis: string;
  legal_basis_note: string;
  frequency_days: number;
  channel: 'visit' | 'phone' | 'gate_light' | 'delivery';
  ladder_kind: string;
  campaign_id: string | null;
  starts_on: string;
  ends_on: string | null;
  status: 'active' | 'paused' | 'ended';
  status_reason: string;
  last_contact_at: Date | null;
  last_visit_at: Date | null;
  last_status: 'fine' | 'concern' | 'absent' | 'emergency' | null;
  due_at: Date;
  ladder_step: number;
  note: string;
  version: number;
  person_name: string;
  person_kana: string;
  address: string;
  phone: string;
  birth_date: string | null;
  district_name: string;
  district_phone: string;
  zone_name: string | null;
  watcher_display: string;
  access: string;
}

export interface NewPlan {
  id: string;
  personId: string;
  districtUnitId: string;
  zoneAreaId: string | null;
  watcherKind: string;
  watcherAccountId: string | null;
  watcherName: string;
  partnerId: string | null;
  basis: string;
  consentScope: string[];
  consentRecordedOn: string | null;
  legalBasis: string;
  legalBasisNote: string;
  frequencyDays: number;
  channel: string;
  ladderKind: string;
  campaignId: string | null;
  startsOn: string;
  endsOn: string | null;
  dueAt: Date;
  note: string;
  createdBy: string;
}

export async function insertPlan(db: Queryable, m: string, p: NewPlan): Promise<void> {
  await db.query(
    `INSERT INTO watch_plans (municipality_code, plan_id, person_id, district_unit_id, zone_area_id, watcher_kind, watcher_account_id, watcher_name,
       partner_id, basis, consent_scope, consent_recorded_on, legal_basis, legal_basis_note, frequency_days, channel, ladder_kind, campaign_id,
       starts_on, ends_on, due_at, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
    [m, p.id, p.personId, p.districtUnitId, p.zoneAreaId, p.watcherKind, p.watcherAccountId, p.watcherName, p.partnerId, p.basis, p.consentScope,
      p.consentRecordedOn, p.legalBasis, p.legalBasisNote, p.frequencyDays, p.channel, p.ladderKind, p.campaignId, p.startsOn, p.endsOn,
      p.dueAt.toISOString(), p.note, p.createdBy],
  );
}

/** One plan the actor may see, with its access level (the gate's load of the watch-plan type). */
export function findVisiblePlan(db: Queryable, actor: Actor, id: string): Promise<PlanRow | null> {
  return loadRecord<PlanRow>(db, actor, WATCH_PLAN, id);
}

/** The keyset position of a row in the lists: due time, then id. */
export function cursorOf(r: Pick<PlanRow, 'due_at' | 'plan_id'>): string {
  return Buffer.from(`${new Date(r.due_at).toISOString()}|${r.plan_id}`).toString('base64url');
}

function parseCursor(after: string | undefined): { dueAt: string; id: string } | null {
  if (!after) return null;
  const [dueAt, id] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  return dueAt && id && !Number.isNaN(Date.parse(dueAt)) ? { dueAt, id } : null;
}

/** The largest `total` a list counts to ("200件以上"). */
export const COUNT_CAP = 200;

/**
 * Plans the actor may see, most urgent first (due time, then id), keyset-paged: a page never
 * reads the rows before it. Filters: overdue now, mine (I am the watcher), district, zone,
 * status and words of the person's name. The count stops at COUNT_CAP.
 */
export async function listPlans(db: Queryable, actor: Actor, q: PlanListQuery, now: Date): Promise<{ rows: PlanRow[]; total: number; capped: boolean }> {
  const sql = new SqlParams([actor.municipalityCode]);
  const access = recordAccess(actor, WATCH_PLAN, sql);
  const where = ['w.municipality_code = $1', access.any, ...filters(sql, actor, q, now)];
  const whereValues = [...sql.values];
  const cursor = parseCursor(q.after);
  const page = cursor ? [...where, `(w.due_at, w.plan_id) > (${sql.p(cursor.dueAt)}::timestamptz, ${sql.p(cursor.id)})`] : where;
  const { rows } = await db.query<PlanRow>(
    `SELECT ${WATCH_PLAN_SELECT}, ${access.level} AS access FROM ${WATCH_PLAN_FROM} WHERE ${page.join(' AND ')}
      ORDER BY w.due_at, w.plan_id LIMIT ${sql.p(q.limit + 1)}`,
    sql.values,
  );
  const needsCount = cursor !== null || rows.length > q.limit;
  let total = rows.length;
  if (needsCount) {
    const counted = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM watch_plans w JOIN people p ON p.municipality_code = w.municipality_code AND p.person_id = w.person_id
        WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) t`,
      whereValues,
    );
    total = counted.rows[0]?.n ?? 0;
  }
  return { rows, total: Math.min(total, COUNT_CAP), capped: total > COUNT_CAP };
}

function filters(sql: SqlParams, actor: Actor, q: PlanListQuery, now: Date): string[] {
  const out: string[] = [];
  if (q.status !== 'any') out.push(`w.status = ${sql.p(q.status)}`);
  if (q.overdue) out.push(`w.status = 'active' AND w.due_at < ${sql.p(now.toISOString())}::timestamptz`);
  if (q.mine) out.push(`w.watcher_account_id = ${sql.p(actor.accountId)}`);
  if (q.districtUnitId) out.push(`w.district_unit_id = ${sql.p(q.districtUnitId)}`);
  if (q.zoneAreaId) out.push(`w.zone_area_id = ${sql.p(q.zoneAreaId)}`);
  const key = q.q ? searchKey(q.q) : '';
  if (key) {
    const like = sql.p(`%${key.replace(/[\\%_]/g, '\\$&')}%`);
    out.push(`(p.name_key LIKE ${like} OR p.kana_key LIKE ${like})`);
  }
  return out;
}

export async function updatePlanFields(
  db: Queryable,
  m: string,
  id: string,
  f: { status?: string; statusReason?: string; frequencyDays?: number; channel?: string; endsOn?: string | null; note?: string; dueAt?: Date },
): Promise<void> {
  await db.query(
    `UPDATE watch_plans SET status = COALESCE($3, status), status_reason = COALESCE($4, status_reason), frequency_days = COALESCE($5, frequency_days),
       channel = COALESCE($6, channel), ends_on = CASE WHEN $7::boolean THEN $8::date ELSE ends_on END, note = COALESCE($9, note),
       due_at = COALESCE($10::timestamptz, due_at), ladder_step = CASE WHEN $10::timestamptz IS NULL THEN ladder_step ELSE 0 END,
       version = version + 1, updated_at = now()
     WHERE municipality_code = $1 AND plan_id = $2`,
    [m, id, f.status ?? null, f.statusReason ?? null, f.frequencyDays ?? null, f.channel ?? null, f.endsOn !== undefined, f.endsOn ?? null,
      f.note ?? null, f.dueAt?.toISOString() ?? null],
  );
}

/** The 民生委員 who holds a zone (an active account with the commissioner role and the area), or null. */
export async function findZoneCommissioner(db: Queryable, m: string, areaId: string): Promise<string | null> {
  const { rows } = await db.query<{ account_id: string }>(
    `SELECT a.account_id FROM account_areas aa
       JOIN accounts a ON a.municipality_code = aa.municipality_code AND a.account_id = aa.account_id
       JOIN account_roles r ON r.municipality_code = a.municipality_code AND r.account_id = a.account_id AND r.role_code = 'commissioner'
      WHERE aa.municipality_code = $1 AND aa.area_id = $2 AND a.is_active ORDER BY a.login_id LIMIT 1`,
    [m, areaId],
  );
  return rows[0]?.account_id ?? null;
}

/** Whether an account holds a role (the watcher named on a plan must be a watcher of that kind). */
export async function accountHasRole(db: Queryable, m: string, accountId: string, roles: readonly string[]): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM account_roles r JOIN accounts a USING (municipality_code, account_id)
      WHERE r.municipality_code = $1 AND r.account_id = $2 AND r.role_code = ANY($3::text[]) AND a.is_active`,
    [m, accountId, roles],
  );
  return rows.length > 0;
}

/** An area's kind and district unit (to check a zone given on a plan). */
export async function findArea(db: Queryable, m: string, areaId: string): Promise<{ kind_code: string; unit_id: string | null } | null> {
  const { rows } = await db.query<{ kind_code: string; unit_id: string | null }>('SELECT kind_code, unit_id FROM areas WHERE municipality_code = $1 AND area_id = $2', [m, areaId]);
  return rows[0] ?? null;
}

/** The area a person lies in (their 民生委員 zone, when it is one), read after the gate let the actor see them. */
export async function findPersonArea(db: Queryable, m: string, personId: string): Promise<string | null> {
  const { rows } = await db.query<{ area_id: string | null }>('SELECT area_id FROM people WHERE municipality_code = $1 AND person_id = $2', [m, personId]);
  return rows[0]?.area_id ?? null;
}

/** The area kind of 民生委員 zones. */
export const ZONE_KIND = 'commissioner-zone';

/** Sets a plan's last contact (the demo data: contacts before the app was there). */
export async function setLastContact(db: Queryable, m: string, planId: string, at: Date, status: string): Promise<void> {
  await db.query('UPDATE watch_plans SET last_contact_at = $3, last_visit_at = $3, last_status = $4 WHERE municipality_code = $1 AND plan_id = $2', [m, planId, at.toISOString(), status]);
}

/** The account id of a login, or null (the demo data finds its demo 民生委員). */
export async function accountOfLogin(db: Queryable, m: string, loginId: string): Promise<string | null> {
  const { rows } = await db.query<{ account_id: string }>('SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = $2', [m, loginId]);
  return rows[0]?.account_id ?? null;
}
