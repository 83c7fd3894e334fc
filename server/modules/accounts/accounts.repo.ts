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

export async function recordLoginFailure(db: Queryable, m: string, accountId: string, lockedUntil: Date | null): Promise<void> {
  await db.query(
    // A lock that has run out starts the count again: one more slip after a lockout is not another lockout.
    `UPDATE accounts SET
       failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN $3::timestamptz IS NOT NULL THEN $3::timestamptz
                           WHEN locked_until <= now() THEN NULL ELSE locked_until END
      WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, lockedUntil],
  );
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

export async function updatePasswordHash(db: Queryable, m: string, accountId: string, passwordHash: string): Promise<void> {
  await db.query(
    `UPDATE accounts SET password_hash = $3, password_changed_at = now(), updated_at = now() WHERE municipality_code = $1 AND account_id = $2`,
    [m, accountId, passwordHash],
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
}

const LIST_COLUMNS = `a.account_id, a.login_id, a.display_name, a.is_active, a.is_demo, a.totp_enabled_at IS NOT NULL AS totp_enabled,
  a.term_ends_on, a.email, a.locked_until, a.created_at,
  ARRAY(SELECT role_code FROM account_roles x WHERE x.municipality_code = a.municipality_code AND x.account_id = a.account_id ORDER BY 1) AS roles,
  ARRAY(SELECT unit_id FROM account_units x WHERE x.municipality_code = a.municipality_code AND x.account_id = a.account_id ORDER BY 1) AS unit_ids,
  ARRAY(SELECT area_id FROM account_areas x WHERE x.municipality_code = a.municipality_code AND x.account_id = a.account_id ORDER BY 1) AS area_ids`;

export async function listAccounts(db: Queryable, m: string): Promise<AccountListRow[]> {
  const { rows } = await db.query<AccountListRow>(`SELECT ${LIST_COLUMNS} FROM accounts a WHERE a.municipality_code = $1 ORDER BY a.login_id`, [m]);
  return rows;
}

export async function findAccountListRow(db: Queryable, m: string, accountId: string): Promise<AccountListRow | null> {
  const { rows } = await db.query<AccountListRow>(`SELECT ${LIST_COLUMNS} FROM accounts a WHERE a.municipality_code = $1 AND a.account_id = $2`, [m, accountId]);
  return rows[0] ?? null;
}

export interface AccountInsert {
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
    `INSERT INTO accounts (municipality_code, account_id, login_id, display_name, password_hash, is_demo, term_ends_on, email)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.municipalityCode, a.accountId, a.loginId, a.displayName, a.passwordHash, a.isDemo, a.termEndsOn, a.email ?? ''],
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
