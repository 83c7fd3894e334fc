import type { Queryable } from '../../platform/db';

export interface AccountRow {
  municipality_code: string;
  account_id: string;
  login_id: string;
  display_name: string;
  password_hash: string;
  is_active: boolean;
  is_demo: boolean;
  term_ends_on: string | null;
  email: string;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  requires_totp: boolean;
}

const ACCOUNT_COLUMNS = `a.municipality_code, a.account_id, a.login_id, a.display_name, a.password_hash, a.is_active, a.is_demo,
  a.term_ends_on, a.email, a.totp_secret, a.totp_enabled_at, a.totp_last_step, a.failed_logins, a.locked_until, a.created_at,
  EXISTS (SELECT 1 FROM account_roles ar JOIN roles r USING (municipality_code, role_code)
          WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id AND r.requires_totp) AS requires_totp`;

export async function findAccountByLogin(db: Queryable, m: string, loginId: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.municipality_code = $1 AND a.login_id = $2`, [m, loginId]);
  return rows[0] ?? null;
}

export async function findAccountById(db: Queryable, m: string, accountId: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.municipality_code = $1 AND a.account_id = $2`, [m, accountId]);
  return rows[0] ?? null;
}

export async function recordLoginSuccess(db: Queryable, m: string, accountId: string, totpStep: number | null): Promise<void> {
  await db.query(
    `UPDATE accounts SET failed_logins = 0, locked_until = NULL, totp_last_step = COALESCE($3, totp_last_step)
      WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, totpStep],
  );
}

export async function setTotpSecret(db: Queryable, m: string, accountId: string, secret: string | null): Promise<void> {
  await db.query(
    `UPDATE accounts SET totp_secret = $3, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now()
      WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, secret],
  );
}

export async function enableTotp(db: Queryable, m: string, accountId: string, step: number): Promise<void> {
  await db.query(
    `UPDATE accounts SET totp_enabled_at = now(), totp_last_step = $3, updated_at = now() WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, step],
  );
}

/** Sets a password: the holder's own (`mustChange` false), or one an administrator reset (true: to be changed at the next sign-in). */
export async function updatePasswordHash(db: Queryable, m: string, accountId: string, passwordHash: string, mustChange = false): Promise<void> {
  await db.query(
    `UPDATE accounts SET password_hash = $3, password_changed_at = now(), must_change_password = $4, updated_at = now() WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, passwordHash, mustChange],
  );
}

export interface AccountListRow {
  account_id: string;
  login_id: string;
  display_name: string;
  is_active: boolean;
  is_demo: boolean;
  totp_enabled: boolean;
  term_ends_on: string | null;
  email: string;
  locked_until: Date | null;
  created_at: Date;
  roles: string[];
  unit_ids: string[];
  area_ids: string[];
  pending_changes: { id: string; accountId: string; status: 'pending'; kind: 'roles' | 'disable'; roles: string[]; requestedBy: string; requestedAt: string }[];
  must_change_password: boolean;
}

const LIST_COLUMNS = `a.account_id, a.login_id, a.display_name, a.is_active, a.is_demo, a.totp_enabled_at IS NOT NULL AS totp_enabled,
  a.term_ends_on, a.email, a.created_at,
  (SELECT max(f.locked_until) FROM login_failures f
    WHERE f.municipality_code = a.municipality_code AND f.account_id = a.account_id AND f.locked_until > now()) AS locked_until,
  ARRAY(SELECT role_code FROM account_roles x WHERE x.municipality_code = a.municipality_code AND x.account_id = a.account_id ORDER BY 1) AS roles,
  ARRAY(SELECT unit_id FROM account_units x WHERE x.municipality_code = a.municipality_code AND x.account_id = a.account_id ORDER BY 1) AS unit_ids,
  ARRAY(SELECT area_id FROM account_areas x WHERE x.municipality_code = a.municipality_code AND x.account_id = a.account_id ORDER BY 1) AS area_ids,
  COALESCE((SELECT json_agg(json_build_object('id', c.change_id, 'accountId', c.account_id, 'status', c.status, 'kind', c.kind, 'roles', c.roles, 'requestedBy', c.requested_by, 'requestedAt', c.requested_at) ORDER BY c.requested_at)
              FROM account_changes c WHERE c.municipality_code = a.municipality_code AND c.account_id = a.account_id AND c.status = 'pending'), '[]') AS pending_changes,
  a.must_change_password`;

export async function listAccounts(db: Queryable, m: string): Promise<AccountListRow[]> {
  const { rows } = await db.query<AccountListRow>(`SELECT ${LIST_COLUMNS} FROM accounts a WHERE a.municipality_code = $1 ORDER BY a.login_id`, [m]);
  return rows;
}

export async function findAccountListRow(db: Queryable, m: string, accountId: string): Promise<AccountListRow | null> {
  const { rows } = await db.query<AccountListRow>(`SELECT ${LIST_COLUMNS} FROM accounts a WHERE a.municipality_code = $1 AND a.account_id = $2`, [m, accountId]);
  return rows[0] ?? null;
}

export interface AccountInsert {
  /** A new staff account changes its first password at its first sign-in (not the demo and first-admin accounts). */
  mustChangePassword?: boolean;
  municipalityCode: string;
  accountId: string;
  loginId: string;
  displayName: string;
  passwordHash: string;
  isDemo: boolean;
  termEndsOn: string | null;
  email?: string;
}

export async function insertAccount(db: Queryable, a: AccountInsert): Promise<void> {
  await db.query(
    `INSERT INTO accounts (municipality_code, account_id, login_id, display_name, password_hash, is_demo, term_ends_on, email, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.municipalityCode, a.accountId, a.loginId, a.displayName, a.passwordHash, a.isDemo, a.termEndsOn, a.email ?? '', a.mustChangePassword ?? false],
  );
}

export async function updateAccountFields(
  db: Queryable,
  m: string,
  accountId: string,
  f: { displayName?: string; termEndsOn?: string | null; isActive?: boolean; unlock?: boolean; email?: string },
): Promise<void> {
  await db.query(
    `UPDATE accounts SET
       display_name = COALESCE($3, display_name),
       term_ends_on = CASE WHEN $4::boolean THEN $5::date ELSE term_ends_on END,
       is_active = COALESCE($6, is_active),
       locked_until = CASE WHEN $7::boolean THEN NULL ELSE locked_until END,
       failed_logins = CASE WHEN $7::boolean THEN 0 ELSE failed_logins END,
       email = COALESCE($8, email),
       updated_at = now()
     WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, f.displayName ?? null, f.termEndsOn !== undefined, f.termEndsOn ?? null, f.isActive ?? null, f.unlock === true, f.email ?? null],
  );
}

/** Replaces an account's roles, units or areas (each only when given). */
export async function replaceAccountLinks(
  db: Queryable,
  m: string,
  accountId: string,
  links: { roles?: string[]; unitIds?: string[]; areaIds?: string[] },
): Promise<void> {
  const tables = [
    ['account_roles', 'role_code', links.roles],
    ['account_units', 'unit_id', links.unitIds],
    ['account_areas', 'area_id', links.areaIds],
  ] as const;
  for (const [table, column, values] of tables) {
    if (!values) continue;
    await db.query(`DELETE FROM ${table} WHERE municipality_code = $1 AND account_id = $2`, [m, accountId]);
    if (values.length === 0) continue;
    await db.query(
      `INSERT INTO ${table} (municipality_code, account_id, ${column}) SELECT $1, $2, unnest($3::text[])`,
      [m, accountId, [...new Set(values)]],
    );
  }
}

/**
 * Moves one area (a 民生委員 zone) from one account to another (a change of commissioner): the
 * old account loses it and the new one gains it in the caller's transaction. Returns whether
 * the old account held it.
 */
export async function moveAreaAssignment(db: Queryable, m: string, areaId: string, fromAccountId: string, toAccountId: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM account_areas WHERE municipality_code = $1 AND account_id = $2 AND area_id = $3 RETURNING area_id', [m, fromAccountId, areaId]);
  await db.query('INSERT INTO account_areas (municipality_code, account_id, area_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [m, toAccountId, areaId]);
  return rows.length > 0;
}

/** Whether an account holds an area (a zone) now. */
export async function accountHoldsArea(db: Queryable, m: string, accountId: string, areaId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM account_areas WHERE municipality_code = $1 AND account_id = $2 AND area_id = $3', [m, accountId, areaId]);
  return rows.length > 0;
}

export async function listRoles(db: Queryable, m: string) {
  const { rows } = await db.query<{ role_code: string; name_ja: string; name_en: string; reach: string; requires_totp: boolean; permissions: string[] }>(
    `SELECT r.role_code, r.name_ja, r.name_en, r.reach, r.requires_totp,
       ARRAY(SELECT permission FROM role_permissions p WHERE p.municipality_code = r.municipality_code AND p.role_code = r.role_code ORDER BY 1) AS permissions
     FROM roles r WHERE r.municipality_code = $1 ORDER BY r.role_code`,
    [m],
  );
  return rows;
}

export async function insertRole(
  db: Queryable,
  m: string,
  r: { code: string; nameJa: string; nameEn: string; reach: string; requiresTotp: boolean; permissions: readonly string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp) VALUES ($1, $2, $3, $4, $5, $6)`,
    [m, r.code, r.nameJa, r.nameEn, r.reach, r.requiresTotp],
  );
  await db.query(`INSERT INTO role_permissions (municipality_code, role_code, permission) SELECT $1, $2, unnest($3::text[])`, [m, r.code, r.permissions]);
}

/** Roles among `codes` that need a second administrator to be granted, and which of them carry the auditor's permission. */
export async function rolesNeedingApproval(db: Queryable, m: string, codes: readonly string[], privileged: readonly string[]): Promise<{ privileged: Set<string>; auditing: Set<string> }> {
  const { rows } = await db.query<{ role_code: string; is_privileged: boolean; is_auditing: boolean }>(
    `SELECT role_code, bool_or(permission = ANY($3::text[])) AS is_privileged, bool_or(permission = 'audit.read') AS is_auditing
       FROM role_permissions WHERE municipality_code = $1 AND role_code = ANY($2::text[]) GROUP BY role_code`,
    [m, [...codes], [...privileged]],
  );
  return { privileged: new Set(rows.filter((r) => r.is_privileged).map((r) => r.role_code)), auditing: new Set(rows.filter((r) => r.is_auditing).map((r) => r.role_code)) };
}

export interface AccountChangeRow {
  change_id: string;
  account_id: string;
  kind: 'roles' | 'disable';
  roles: string[];
  requested_by: string;
  requested_at: Date;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decided_by: string | null;
}

export async function insertAccountChange(db: Queryable, m: string, c: { changeId: string; accountId: string; kind: 'roles' | 'disable'; roles: string[]; requestedBy: string }): Promise<void> {
  // A newer proposal of the same kind replaces one still waiting.
  await db.query(
    `UPDATE account_changes SET status = 'withdrawn', decided_at = now() WHERE municipality_code = $1 AND account_id = $2 AND kind = $3 AND status = 'pending'`,
    [m, c.accountId, c.kind],
  );
  await db.query(
    `INSERT INTO account_changes (municipality_code, change_id, account_id, kind, roles, requested_by) VALUES ($1, $2, $3, $4, $5, $6)`,
    [m, c.changeId, c.accountId, c.kind, c.roles, c.requestedBy],
  );
}

const CHANGE_COLUMNS = 'change_id, account_id, kind, roles, requested_by, requested_at, status, decided_by';

export async function findAccountChange(db: Queryable, m: string, changeId: string, forUpdate = false): Promise<AccountChangeRow | null> {
  const { rows } = await db.query<AccountChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM account_changes WHERE municipality_code = $1 AND change_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [m, changeId],
  );
  return rows[0] ?? null;
}

export async function listPendingChanges(db: Queryable, m: string): Promise<AccountChangeRow[]> {
  const { rows } = await db.query<AccountChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM account_changes WHERE municipality_code = $1 AND status = 'pending' ORDER BY requested_at, change_id`,
    [m],
  );
  return rows;
}

export async function decideAccountChange(db: Queryable, m: string, changeId: string, status: 'approved' | 'rejected', decidedBy: string): Promise<void> {
  await db.query(
    `UPDATE account_changes SET status = $3, decided_by = $4, decided_at = now() WHERE municipality_code = $1 AND change_id = $2`,
    [m, changeId, status, decidedBy],
  );
}

export async function setMustChangePassword(db: Queryable, m: string, accountId: string, must: boolean): Promise<void> {
  await db.query('UPDATE accounts SET must_change_password = $3, updated_at = now() WHERE municipality_code = $1 AND account_id = $2', [m, accountId, must]);
}
