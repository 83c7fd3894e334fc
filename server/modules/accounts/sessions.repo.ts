import type { Permission, Reach } from '../../../core/permissions';
import { clockDate } from '../../platform/clock';
import type { Queryable } from '../../platform/db';

export interface SessionInsert {
  municipalityCode: string;
  sessionHash: string;
  accountId: string;
  csrfToken: string;
  stage: 'full' | 'totp_enrolment';
  expiresAt: Date;
  ip: string;
  userAgent: string;
}

export async function insertSession(db: Queryable, s: SessionInsert): Promise<void> {
  await db.query(
    `INSERT INTO sessions (municipality_code, session_hash, account_id, csrf_token, stage, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.municipalityCode, s.sessionHash, s.accountId, s.csrfToken, s.stage, s.expiresAt, s.ip, s.userAgent.slice(0, 300)],
  );
}

export async function deleteSession(db: Queryable, m: string, sessionHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE municipality_code = $1 AND session_hash = $2', [m, sessionHash]);
}

/** Ends every session of an account (disabled, password changed), except `keep` if given. */
export async function deleteAccountSessions(db: Queryable, m: string, accountId: string, keep?: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH d AS (DELETE FROM sessions WHERE municipality_code = $1 AND account_id = $2 AND session_hash IS DISTINCT FROM $3 RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
    [m, accountId, keep ?? null],
  );
  return rows[0]?.n ?? 0;
}

export async function setSessionStage(db: Queryable, m: string, accountId: string, stage: 'full'): Promise<void> {
  await db.query('UPDATE sessions SET stage = $3 WHERE municipality_code = $1 AND account_id = $2', [m, accountId, stage]);
}

type Tier = 'city' | 'area' | 'district' | 'neighbourhood';

/** What authorises a request and what "who am I" shows, read from the account row `a` and its links. */
export interface ActorRow {
  account_id: string;
  display_name: string;
  is_demo: boolean;
  /** The account's roles by code, with each one's reach and names. */
  roles: { code: string; reach: Reach; ja: string; en: string }[];
  permissions: Permission[];
  /** The units the account belongs to, in the org's order, with their tier and names. */
  units: { id: string; tier: Tier; ja: string; en: string }[];
  subtree_unit_ids: string[];
  area_ids: string[];
  email: string;
  totp_enabled: boolean;
  term_ends_on: string | null;
  municipality_name: { ja: string; en: string };
  /** The record types the account holds a grant on that has not ended (`type`, `type:unit`, `type:area` for scoped ones). */
  grant_kinds: string[];
}

export interface SessionActorRow extends ActorRow {
  login_id: string;
  must_change_password: boolean;
  csrf_token: string;
  stage: 'full' | 'totp_enrolment';
  expires_at: Date;
  is_expired: boolean;
  is_usable: boolean;
  needs_touch: boolean;
}

/**
 * The columns of ActorRow for the account row `a` (grants compared with the clock's time in `grantAt`). The names come along (they sit on rows the
 * lookup reads anyway), so "who am I" costs no second round trip; measured with pgbench, the
 * statement costs what it did without them.
 */
const actorColumns = (grantAt: string) => `a.account_id, a.display_name, a.is_demo, a.email, a.totp_enabled_at IS NOT NULL AS totp_enabled, a.term_ends_on,
       COALESCE((SELECT json_agg(json_build_object('code', r.role_code, 'reach', r.reach, 'ja', r.name_ja, 'en', r.name_en) ORDER BY r.role_code)
                   FROM account_roles ar JOIN roles r USING (municipality_code, role_code)
                  WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id), '[]') AS roles,
       ARRAY(SELECT DISTINCT rp.permission FROM account_roles ar JOIN role_permissions rp USING (municipality_code, role_code)
              WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id ORDER BY 1) AS permissions,
       COALESCE((SELECT json_agg(json_build_object('id', u.unit_id, 'tier', u.tier, 'ja', u.name_ja, 'en', u.name_en) ORDER BY u.sort_order, u.unit_id)
                   FROM account_units au JOIN units u USING (municipality_code, unit_id)
                  WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id), '[]') AS units,
       ARRAY(WITH RECURSIVE sub AS (
               SELECT au.unit_id FROM account_units au WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id
               UNION
               SELECT u.unit_id FROM units u JOIN sub ON u.parent_unit_id = sub.unit_id WHERE u.municipality_code = a.municipality_code)
             SELECT unit_id FROM sub ORDER BY 1) AS subtree_unit_ids,
       ARRAY(SELECT aa.area_id FROM account_areas aa
              WHERE aa.municipality_code = a.municipality_code AND aa.account_id = a.account_id ORDER BY 1) AS area_ids,
       (SELECT json_build_object('ja', mu.name_ja, 'en', mu.name_en) FROM municipalities mu WHERE mu.municipality_code = a.municipality_code) AS municipality_name,
       ARRAY(SELECT DISTINCT g.record_type || CASE WHEN g.record_id IS NOT NULL THEN '' WHEN g.scope_unit_id IS NOT NULL THEN ':unit' ELSE ':area' END
               FROM record_grants g
              WHERE g.municipality_code = a.municipality_code AND g.ends_at > ${grantAt}::timestamptz
                AND (g.account_id = a.account_id OR g.grantee_unit_id IN (
                     SELECT au.unit_id FROM account_units au WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id))) AS grant_kinds`;

/**
 * The statement every signed-in request sends (docs/decisions/0007-session-lookup.md): the
 * session, its timeouts, whether the account may still be used, and everything needed to
 * authorise the request — roles, permissions, reaches, units with their subtree, areas — and to
 * show "who am I", read live from the tables, so a change made through any app process holds
 * from the next request. Named, so PostgreSQL plans it once per connection: planning its
 * sub-selects cost about three times what running them does.
 */
const SESSION_ACTOR_SQL = `SELECT a.login_id, a.must_change_password, s.csrf_token, s.stage, s.expires_at,
       (s.expires_at <= now() OR s.last_seen_at <= now() - make_interval(mins => $3::int)) AS is_expired,
       (a.is_active AND (a.term_ends_on IS NULL OR a.term_ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date)) AS is_usable,
       (s.last_seen_at <= now() - make_interval(secs => $4::int)) AS needs_touch,
       ${actorColumns('$5')}
     FROM sessions s JOIN accounts a USING (municipality_code, account_id)
     WHERE s.municipality_code = $1 AND s.session_hash = $2`;

/** The session named by its hash with everything needed to authorise the request, in one round trip. */
export async function findSessionActor(
  db: Queryable,
  m: string,
  sessionHash: string,
  timing: { idleMinutes: number; touchEverySeconds: number },
): Promise<SessionActorRow | null> {
  const { rows } = await db.query<SessionActorRow>(SESSION_ACTOR_SQL, [m, sessionHash, timing.idleMinutes, timing.touchEverySeconds, clockDate().toISOString()], { name: 'session_actor' });
  return rows[0] ?? null;
}

/**
 * Moves the session's idle clock forward, at most once per `touchEverySeconds`: concurrent
 * requests of one session that all saw it due write one new row version, not one each.
 */
export async function touchSession(db: Queryable, m: string, sessionHash: string, touchEverySeconds: number): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now()
      WHERE municipality_code = $1 AND session_hash = $2 AND last_seen_at <= now() - make_interval(secs => $3::int)`,
    [m, sessionHash, touchEverySeconds],
    { name: 'session_touch' },
  );
}

/** The same for an account without a session (command-line tools). */
export async function findAccountActor(db: Queryable, m: string, loginId: string): Promise<(ActorRow & { is_usable: boolean }) | null> {
  const { rows } = await db.query<ActorRow & { is_usable: boolean }>(
    `SELECT (a.is_active AND (a.term_ends_on IS NULL OR a.term_ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date)) AS is_usable,
       ${actorColumns('$3')}
     FROM accounts a WHERE a.municipality_code = $1 AND a.login_id = $2`,
    [m, loginId, clockDate().toISOString()],
  );
  return rows[0] ?? null;
}

/** The same by account id: "who am I" for an actor that did not come from the session lookup. */
export async function findActorById(db: Queryable, m: string, accountId: string): Promise<ActorRow | null> {
  const { rows } = await db.query<ActorRow>(`SELECT ${actorColumns('$3')} FROM accounts a WHERE a.municipality_code = $1 AND a.account_id = $2`, [m, accountId, clockDate().toISOString()]);
  return rows[0] ?? null;
}

/** The municipality's key for login-ID hashes (null: no such municipality). */
export async function findLoginKey(db: Queryable, m: string): Promise<string | null> {
  const { rows } = await db.query<{ login_key: string }>('SELECT login_key FROM municipalities WHERE municipality_code = $1', [m]);
  return rows[0]?.login_key ?? null;
}

export interface LoginFailureState {
  /** Failures from this address within the window (0 when its lock ran out). */
  failures: number;
  lockedUntil: Date | null;
  /** Failures for this login ID from every address within the window: what slows sign-in down. */
  total: number;
}

/** The failed sign-ins of a login ID (its keyed hash) from one address, and from all, within the window. */
export async function findLoginFailures(db: Queryable, m: string, loginKey: string, ip: string, windowMinutes: number): Promise<LoginFailureState> {
  const { rows } = await db.query<{ ip: string; failures: number; locked_until: Date | null; fresh: boolean; lock_over: boolean }>(
    `SELECT ip, failures, locked_until, updated_at > now() - make_interval(mins => $3::int) AS fresh, locked_until IS NOT NULL AND locked_until <= now() AS lock_over
       FROM login_failures WHERE municipality_code = $1 AND login_key = $2`,
    [m, loginKey, windowMinutes],
  );
  const live = rows.filter((r) => !r.lock_over && (r.fresh || r.locked_until !== null));
  const here = live.find((r) => r.ip === ip);
  return { failures: here?.failures ?? 0, lockedUntil: here?.locked_until ?? null, total: live.reduce((n, r) => n + r.failures, 0) };
}

/** Records one more failure of a login ID from an address (locking that pair when `lockedUntil` is given), and prunes rows whose window has passed. */
export async function recordLoginFailure(db: Queryable, m: string, f: { loginKey: string; ip: string; accountId: string | null; failures: number; lockedUntil: Date | null }, windowMinutes: number): Promise<void> {
  await db.query(
    `INSERT INTO login_failures (municipality_code, login_key, ip, account_id, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (municipality_code, login_key, ip) DO UPDATE SET account_id = EXCLUDED.account_id, failures = EXCLUDED.failures, locked_until = EXCLUDED.locked_until, updated_at = now()`,
    [m, f.loginKey, f.ip, f.accountId, f.failures, f.lockedUntil],
  );
  await db.query(
    `DELETE FROM login_failures WHERE municipality_code = $1 AND updated_at <= now() - make_interval(mins => $2::int) AND (locked_until IS NULL OR locked_until <= now())`,
    [m, windowMinutes],
  );
}

/** A successful sign-in from an address clears that address's failures for the login ID. */
export async function clearLoginFailures(db: Queryable, m: string, loginKey: string, ip: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE municipality_code = $1 AND login_key = $2 AND ip = $3', [m, loginKey, ip]);
}

/** An administrator's unlock: every address's lock on the account. */
export async function clearAccountLocks(db: Queryable, m: string, accountId: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE municipality_code = $1 AND account_id = $2', [m, accountId]);
}
