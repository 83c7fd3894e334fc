import type { Permission, Reach } from '../../../core/permissions';
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

export interface ActorArraysRow {
  roles: string[];
  permissions: Permission[];
  reaches: Reach[];
  unit_ids: string[];
  subtree_unit_ids: string[];
  area_ids: string[];
}

export interface SessionActorRow extends ActorArraysRow {
  account_id: string;
  login_id: string;
  display_name: string;
  is_demo: boolean;
  csrf_token: string;
  stage: 'full' | 'totp_enrolment';
  expires_at: Date;
  is_expired: boolean;
  is_usable: boolean;
  needs_touch: boolean;
}

/** Roles, permissions, reaches, units with their subtree, and areas of the account row `a`, as arrays. */
const ACTOR_ARRAYS = `
       ARRAY(SELECT ar.role_code FROM account_roles ar
              WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id ORDER BY 1) AS roles,
       ARRAY(SELECT DISTINCT rp.permission FROM account_roles ar JOIN role_permissions rp USING (municipality_code, role_code)
              WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id ORDER BY 1) AS permissions,
       ARRAY(SELECT r.reach FROM account_roles ar JOIN roles r USING (municipality_code, role_code)
              WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id) AS reaches,
       ARRAY(SELECT au.unit_id FROM account_units au
              WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id ORDER BY 1) AS unit_ids,
       ARRAY(WITH RECURSIVE sub AS (
               SELECT au.unit_id FROM account_units au WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id
               UNION
               SELECT u.unit_id FROM units u JOIN sub ON u.parent_unit_id = sub.unit_id WHERE u.municipality_code = a.municipality_code)
             SELECT unit_id FROM sub ORDER BY 1) AS subtree_unit_ids,
       ARRAY(SELECT aa.area_id FROM account_areas aa
              WHERE aa.municipality_code = a.municipality_code AND aa.account_id = a.account_id ORDER BY 1) AS area_ids`;

/**
 * The statement every signed-in request sends (docs/decisions/0007-session-lookup.md): the
 * session, its timeouts, whether the account may still be used, and everything needed to
 * authorise the request — roles, permissions, reaches, units with their subtree, areas — read
 * live from the tables, so a change made through any app process holds from the next request.
 * Named, so PostgreSQL plans it once per connection: planning its sub-selects cost about three
 * times what running them does.
 */
const SESSION_ACTOR_SQL = `SELECT s.account_id, a.login_id, a.display_name, a.is_demo, s.csrf_token, s.stage, s.expires_at,
       (s.expires_at <= now() OR s.last_seen_at <= now() - make_interval(mins => $3::int)) AS is_expired,
       (a.is_active AND (a.term_ends_on IS NULL OR a.term_ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date)) AS is_usable,
       (s.last_seen_at <= now() - make_interval(secs => $4::int)) AS needs_touch,${ACTOR_ARRAYS}
     FROM sessions s JOIN accounts a USING (municipality_code, account_id)
     WHERE s.municipality_code = $1 AND s.session_hash = $2`;

/** The session named by its hash with everything needed to authorise the request, in one round trip. */
export async function findSessionActor(
  db: Queryable,
  m: string,
  sessionHash: string,
  timing: { idleMinutes: number; touchEverySeconds: number },
): Promise<SessionActorRow | null> {
  const { rows } = await db.query<SessionActorRow>(SESSION_ACTOR_SQL, [m, sessionHash, timing.idleMinutes, timing.touchEverySeconds], { name: 'session_actor' });
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

/** The same authorisation data for an account without a session (command-line tools). */
export async function findAccountActor(db: Queryable, m: string, loginId: string) {
  const { rows } = await db.query<ActorArraysRow & { account_id: string; display_name: string; is_demo: boolean; is_usable: boolean }>(
    `SELECT a.account_id, a.display_name, a.is_demo,
       (a.is_active AND (a.term_ends_on IS NULL OR a.term_ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date)) AS is_usable,${ACTOR_ARRAYS}
     FROM accounts a WHERE a.municipality_code = $1 AND a.login_id = $2`,
    [m, loginId],
  );
  return rows[0] ?? null;
}

export interface OwnProfileRow {
  email: string;
  totp_enabled: boolean;
  term_ends_on: string | null;
  municipality_name_ja: string;
  municipality_name_en: string;
  role_names: { code: string; ja: string; en: string }[];
  units: { id: string; ja: string; en: string; tier: 'city' | 'area' | 'district' | 'neighbourhood' }[];
}

/**
 * What "who am I" shows beyond the actor: my notification address, two-factor and term, and
 * the names of my municipality, roles and units, in one round trip. It reads org's units and
 * the municipality by key, as the session lookup reads the unit tree.
 */
export async function findOwnProfile(db: Queryable, m: string, accountId: string): Promise<OwnProfileRow | null> {
  const { rows } = await db.query<OwnProfileRow>(
    `SELECT a.email, a.totp_enabled_at IS NOT NULL AS totp_enabled, a.term_ends_on,
       mu.name_ja AS municipality_name_ja, mu.name_en AS municipality_name_en,
       COALESCE((SELECT json_agg(json_build_object('code', r.role_code, 'ja', r.name_ja, 'en', r.name_en) ORDER BY r.role_code)
                   FROM account_roles ar JOIN roles r USING (municipality_code, role_code)
                  WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id), '[]') AS role_names,
       COALESCE((SELECT json_agg(json_build_object('id', u.unit_id, 'ja', u.name_ja, 'en', u.name_en, 'tier', u.tier) ORDER BY u.sort_order, u.unit_id)
                   FROM account_units au JOIN units u USING (municipality_code, unit_id)
                  WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id), '[]') AS units
     FROM accounts a JOIN municipalities mu USING (municipality_code)
     WHERE a.municipality_code = $1 AND a.account_id = $2`,
    [m, accountId],
    { name: 'own_profile' },
  );
  return rows[0] ?? null;
}
