import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Account } from '../../core/contracts/accounts';
import { sealAudit } from '../platform/audit-sealer';
import { type Db, openPostgres, type Queryable } from '../platform/db';
import type { Agent, TestTenant } from './harness';

let n = 0;
/** A unique slug that is a valid `Id` (lower-case letters, digits, "-"). */
export function uniqueId(prefix: string): string {
  n++;
  return `${prefix}-${n}-${crypto.randomBytes(3).toString('hex')}`;
}

/** A password every rule accepts (long, not common, not built on a login ID). */
export const STRONG_PASSWORD = 'kawa-no-nagare-7729';

/** A neighbourhood under 大嶺 unless overridden. */
export function unitInput(overrides: Record<string, unknown> = {}) {
  return { id: uniqueId('unit'), parentId: 'district-omine', tier: 'neighbourhood', kind: 'neighbourhood', nameJa: 'テスト自治会', ...overrides };
}

/** A 民生委員 zone of 大嶺 unless overridden. */
export function areaInput(overrides: Record<string, unknown> = {}) {
  return { id: uniqueId('area'), kind: 'commissioner-zone', nameJa: 'テスト担当区域', unitId: 'district-omine', ...overrides };
}

export function areaKindInput(overrides: Record<string, unknown> = {}) {
  return { code: uniqueId('kind'), nameJa: 'テスト区域種別', ...overrides };
}

/** A non-demo CSW of the 美祢 centre unless overridden. */
export function accountInput(overrides: Record<string, unknown> = {}) {
  return { loginId: uniqueId('staff'), displayName: 'テスト 職員', password: STRONG_PASSWORD, roles: ['csw'], unitIds: ['centre-mine'], ...overrides };
}

/** The password a created account's holder chooses at the first sign-in (the factory's second step). */
export const CHANGED_PASSWORD = 'yama-no-kaze-4418-aki';

/**
 * Creates a staff account through the API as `admin`, the way an office does it: the second
 * administrator approves the roles that need it (decision 0018), and the holder signs in once and
 * changes the first password (unless `firstSignIn: false`). Returns it with its current password.
 */
export async function createAccount(admin: Agent, overrides: Record<string, unknown> = {}, opts: { firstSignIn?: boolean } = {}): Promise<Account & { password: string }> {
  const input = accountInput(overrides);
  const res = await admin.post('/api/accounts', input);
  if (res.statusCode !== 201) throw new Error(`creating account ${input.loginId} failed: ${res.statusCode} ${res.body}`);
  let account = res.json() as Account;
  for (const change of account.pendingChanges) {
    const approved = await (await admin.tenant.secondAdmin()).post(`/api/accounts/changes/${change.id}/approve`);
    if (approved.statusCode !== 200) throw new Error(`approving ${change.id} failed: ${approved.statusCode} ${approved.body}`);
  }
  if (opts.firstSignIn === false) return { ...((await admin.get(`/api/accounts/${account.id}`)).json() as Account), password: input.password as string };
  const holder = await admin.tenant.login(account.loginId, input.password as string);
  const changed = await holder.post('/api/me/password', { currentPassword: input.password, newPassword: CHANGED_PASSWORD });
  if (changed.statusCode !== 200) throw new Error(`first password change of ${account.loginId} failed: ${changed.statusCode} ${changed.body}`);
  await holder.post('/api/auth/logout');
  account = (await admin.get(`/api/accounts/${account.id}`)).json() as Account;
  return { ...account, password: CHANGED_PASSWORD };
}

/** The account id of a login in the tenant. */
export async function accountIdOf(t: TestTenant, loginId: string): Promise<string> {
  const { rows } = await t.db.query<{ account_id: string }>('SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = $2', [t.m, loginId]);
  if (!rows[0]) throw new Error(`no account ${loginId}`);
  return rows[0].account_id;
}

export interface AuditRow {
  /** The audit id: write order. */
  id: number;
  action: string;
  outcome: string;
  actor_login_id: string | null;
  actor_account_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

/** The tenant's audit rows, oldest first, narrowed by action, actor or subject. */
export async function auditRows(t: { db: Queryable; m: string }, where: { action?: string; actor?: string; subjectId?: string; afterId?: number } = {}): Promise<AuditRow[]> {
  const { rows } = await t.db.query<AuditRow & { audit_id: number }>(
    `SELECT audit_id, action, outcome, actor_login_id, actor_account_id, subject_type, subject_id, details FROM audit_events
      WHERE municipality_code = $1 AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR actor_login_id = $3)
        AND ($4::text IS NULL OR subject_id = $4) AND audit_id > $5
      ORDER BY audit_id`,
    [t.m, where.action ?? null, where.actor ?? null, where.subjectId ?? null, where.afterId ?? 0],
  );
  return rows.map(({ audit_id, ...r }) => ({ ...r, id: Number(audit_id) }));
}

/** The newest audit id of the tenant (0 when it has none): a write that leaves no audit row leaves it where it was. */
export async function lastAuditId(t: { db: Queryable; m: string }): Promise<number> {
  const { rows } = await t.db.query<{ id: number }>('SELECT COALESCE(max(audit_id), 0) AS id FROM audit_events WHERE municipality_code = $1', [t.m]);
  return Number(rows[0]?.id ?? 0);
}

/** Seals every finished audit row, then returns the tenant's newest seq (0 when its chain is empty). */
export async function sealedHead(t: { db: Db; m: string }): Promise<number> {
  await sealAudit(t.db);
  const { rows } = await t.db.query<{ seq: number }>('SELECT COALESCE(max(seq), 0) AS seq FROM audit_seals WHERE municipality_code = $1', [t.m]);
  return Number(rows[0]?.seq ?? 0);
}

/** Rows of a tenant-owned table for one municipality. */
export async function countRows(t: { db: Queryable; m: string }, table: 'units' | 'areas' | 'area_kinds' | 'accounts' | 'sessions' | 'audit_events'): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE municipality_code = $1`, [t.m]);
  return rows[0]?.n ?? 0;
}

/** A snapshot of everything a write could touch, to prove a refused write changed nothing. */
export async function footprint(t: { db: Queryable; m: string }): Promise<Record<string, number>> {
  const tables = ['units', 'areas', 'area_kinds', 'accounts', 'audit_events'] as const;
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = await countRows(t, table);
  const { rows } = await t.db.query<{ h: string }>(
    `SELECT md5(string_agg(login_id || display_name || password_hash || is_active::text || failed_logins::text, ',' ORDER BY login_id)) AS h
       FROM accounts WHERE municipality_code = $1`,
    [t.m],
  );
  const { rows: u } = await t.db.query<{ h: string }>(
    `SELECT md5(string_agg(unit_id || name_ja || name_en || COALESCE(parent_unit_id, '') || is_active::text, ',' ORDER BY unit_id)) AS h FROM units WHERE municipality_code = $1`,
    [t.m],
  );
  out.accountsDigest = parseInt((rows[0]?.h ?? '0').slice(0, 8), 16);
  out.unitsDigest = parseInt((u[0]?.h ?? '0').slice(0, 8), 16);
  return out;
}

/**
 * A connection that may do what the app role may not (create tables, disable a trigger).
 * On PostgreSQL with a separate owner role that is the owner; otherwise the test's own database.
 */
export function ownerDb(t: { db: Db }): { db: Db; separate: boolean; close(): Promise<void> } {
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL;
  if (process.env.TEST_DATABASE_URL && ownerUrl && ownerUrl !== process.env.TEST_DATABASE_URL) {
    const db = openPostgres(ownerUrl, 1);
    return { db, separate: true, close: () => db.close() };
  }
  return { db: t.db, separate: false, close: async () => undefined };
}

/** What must never reach a client: a stack frame, SQL, a file path. Returns the offending match or null. */
export function leakIn(body: string): string | null {
  const patterns = [/\bat \S+ \(/, /\n\s+at /, /\bat (file|node):/, /SELECT/, /\bFROM \w+ WHERE\b/i, /\/(work|home|usr|tmp|app|srv)\//, /node_modules/, /\.[cm]?[jt]s:\d+/, /\bat /];
  for (const p of patterns) {
    const m = p.exec(body);
    if (m) return m[0];
  }
  return null;
}

/** The SHA-256 the sessions table keys a cookie by. */
export function sessionHashOf(agent: Agent): string {
  const token = agent.sessionCookie.split('.')[1] ?? '';
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Any method with the agent's session and CSRF token (the harness agent has no PUT or DELETE). */
export function send(t: TestTenant, agent: Agent, method: 'PUT' | 'DELETE' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken }, ...(body === undefined ? {} : { payload: body as object }) });
}

/** The ids in a search or list answer. */
export function idsOf(res: LightMyRequestResponse): string[] {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((p) => p.id);
}

/** Signs in every account named, once. */
export async function loginAll(t: TestTenant, loginIds: readonly string[]): Promise<Record<string, Agent>> {
  const out: Record<string, Agent> = {};
  for (const id of loginIds) out[id] = await t.login(id);
  return out;
}

export interface AuditRow {
  action: string;
  outcome: string;
  actor_login_id: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

/** The newest audit rows of an action in the tenant. */
export async function auditOf(t: TestTenant, action: string, limit = 5): Promise<AuditRow[]> {
  const { rows } = await t.db.query<AuditRow>(
    `SELECT action, outcome, actor_login_id, subject_id, details FROM audit_events WHERE municipality_code = $1 AND action = $2 ORDER BY audit_id DESC LIMIT $3`,
    [t.m, action, limit],
  );
  return rows;
}
