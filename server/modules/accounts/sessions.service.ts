import crypto from 'node:crypto';
import type { Me } from '../../../core/contracts/auth';
import { widestReach, type Permission } from '../../../core/permissions';
import { appendAudit } from '../../platform/audit';
import type { Actor } from '../../platform/authz';
import type { Config } from '../../platform/config';
import type { Db, Queryable } from '../../platform/db';
import { AppError, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { checkPassword, lockoutAfterFailure, termHasEnded } from './accounts.policy';
import * as repo from './accounts.repo';
import * as sessionsRepo from './sessions.repo';
import { commonPasswords, decoyHash, hashPassword, verifyPassword } from './passwords';
import { checkTotp, enrolmentOf, newTotpSecret } from './totp';

export interface Deps {
  db: Db;
  config: Config;
}

export interface ClientInfo {
  requestId: string;
  ip: string;
  userAgent: string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const token = () => crypto.randomBytes(32).toString('base64url');

/** The cookie value is `<municipality>.<random token>`; the database keeps only the token's hash. */
export function parseSessionCookie(value: string | undefined): { municipalityCode: string; sessionHash: string } | null {
  const m = /^(\d{6})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  return m ? { municipalityCode: m[1] as string, sessionHash: sha256(m[2] as string) } : null;
}

type LoginFailure = 'unknown_login' | 'locked' | 'bad_password' | 'disabled' | 'term_ended' | 'totp_missing' | 'totp_invalid';

const FAILURE_ERRORS: Record<LoginFailure, AppError> = {
  unknown_login: new AppError('invalid_credentials', 401),
  bad_password: new AppError('invalid_credentials', 401),
  locked: new AppError('account_locked', 423),
  disabled: new AppError('account_disabled', 403),
  term_ended: new AppError('term_ended', 403),
  totp_missing: new AppError('totp_required', 401),
  totp_invalid: new AppError('totp_invalid', 401),
};

/**
 * Signs a staff member in. Every attempt, failed or not, is audited — an unknown login ID only as
 * a keyed hash, never as typed (it may be a password typed in the wrong box). Failures are counted
 * per (login ID, client address): five from one address lock that pair for a while, so nobody can
 * lock another person out from elsewhere; failures from every address only slow the next attempt
 * down. Unknown login IDs are counted and answered exactly like known ones. A role that reads
 * personal data must use two-factor, and an account that has not enrolled gets a session that
 * can do nothing but enrol (decision 0018).
 */
export async function signIn(
  deps: Deps,
  input: { loginId: string; password: string; totp?: string; municipalityCode?: string },
  client: ClientInfo,
): Promise<{ cookie: string; actor: Actor; expiresAt: Date }> {
  const { db, config } = deps;
  const m = input.municipalityCode ?? config.defaultMunicipality;
  const secretKey = await sessionsRepo.findLoginKey(db, m);
  const [account, throttle] = await Promise.all([
    repo.findAccountByLogin(db, m, input.loginId),
    secretKey ? sessionsRepo.findLoginFailures(db, m, loginKeyOf(secretKey, input.loginId), client.ip, config.lockoutMinutes) : null,
  ]);
  const loginKey = secretKey ? loginKeyOf(secretKey, input.loginId) : '';
  const now = new Date();
  const fail = async (reason: LoginFailure, accountId: string | null, counts = false): Promise<never> => {
    const failures = (throttle?.failures ?? 0) + (counts ? 1 : 0);
    const lockedUntil = counts ? lockoutAfterFailure(failures, config.loginMaxFailures, config.lockoutMinutes, now) : null;
    await db.transaction(async (tx) => {
      if (counts) await sessionsRepo.recordLoginFailure(tx, m, { loginKey, ip: client.ip, accountId, failures, lockedUntil }, config.lockoutMinutes);
      const who = accountId ? (account?.login_id ?? 'unknown') : 'unknown';
      await auditLogin(tx, m, accountId, who, 'denied', client, {
        reason,
        ...(accountId ? {} : { loginKey: loginKey.slice(0, 16) }),
        ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}),
      });
    });
    throw FAILURE_ERRORS[reason];
  };
  // No audit chain is started for a municipality that does not exist (anyone may name any code).
  if (!secretKey) {
    await verifyPassword(await decoyHash(), input.password);
    throw FAILURE_ERRORS.unknown_login;
  }
  if (throttle?.lockedUntil && throttle.lockedUntil > now) return fail('locked', account?.account_id ?? null);
  await slowDown(throttle?.total ?? 0, config.loginMaxFailures);
  if (!account) {
    await verifyPassword(await decoyHash(), input.password); // same cost as a real check
    return fail('unknown_login', null, true);
  }
  if (!(await verifyPassword(account.password_hash, input.password))) return fail('bad_password', account.account_id, true);
  if (!account.is_active) return fail('disabled', account.account_id);
  if (termHasEnded(account.term_ends_on, now)) return fail('term_ended', account.account_id);

  let totpStep: number | null = null;
  const totpOn = account.totp_secret !== null && account.totp_enabled_at !== null;
  if (totpOn) {
    if (!input.totp) return fail('totp_missing', account.account_id);
    totpStep = await checkTotp(account.totp_secret as string, input.totp, account.totp_last_step);
    if (totpStep === null) return fail('totp_invalid', account.account_id, true);
  }
  const mustEnrol = !totpOn && account.requires_totp && config.totpEnforced && !account.is_demo;
  const secret = token();
  const expiresAt = new Date(now.getTime() + config.sessionAbsoluteHours * 3600_000);
  await db.transaction(async (tx) => {
    await repo.recordLoginSuccess(tx, m, account.account_id, totpStep);
    await sessionsRepo.clearLoginFailures(tx, m, loginKey, client.ip);
    await sessionsRepo.insertSession(tx, {
      municipalityCode: m,
      sessionHash: sha256(secret),
      accountId: account.account_id,
      csrfToken: token(),
      stage: mustEnrol ? 'totp_enrolment' : 'full',
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await auditLogin(tx, m, account.account_id, account.login_id, 'allowed', client, { twoFactor: totpOn, mustEnrol });
  });
  const cookie = `${m}.${secret}`;
  const actor = await authenticate(deps, cookie);
  if (!actor || actor === 'expired') throw new Error('session vanished right after sign-in');
  return { cookie, actor, expiresAt };
}

/** The keyed hash a login ID is counted and audited under (the municipality's key; login IDs are compared as typed). */
function loginKeyOf(key: string, loginId: string): string {
  return crypto.createHmac('sha256', key).update(loginId).digest('hex');
}

/**
 * Failures of one login ID from every address slow its sign-in down rather than lock it: past
 * twice the per-address limit, each attempt waits a little longer, at most 3 seconds.
 */
function slowDown(totalFailures: number, maxFailures: number): Promise<void> {
  const over = totalFailures - 2 * maxFailures;
  if (over < 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, Math.min(3000, 250 * (over + 1))));
}

function auditLogin(tx: Queryable, m: string, accountId: string | null, loginId: string, outcome: 'allowed' | 'denied', client: ClientInfo, details: Record<string, unknown>) {
  return appendAudit(tx, {
    municipalityCode: m,
    actorAccountId: accountId,
    actorLoginId: loginId.slice(0, 64),
    action: outcome === 'allowed' ? 'session.signedIn' : 'session.signInRefused',
    subjectType: 'account',
    subjectId: accountId,
    outcome,
    requestId: client.requestId,
    ip: client.ip,
    details,
  });
}

/**
 * How often a session in use records that it was used: a tenth of the idle timeout, at most a
 * minute (the default 30 minutes: once a minute per session, not once per request). The idle
 * timeout counts from that record, so a session ends at most this long before
 * SESSION_IDLE_MINUTES of real idleness, never after.
 */
export function touchEverySeconds(idleMinutes: number): number {
  return Math.max(1, Math.min(60, Math.floor(idleMinutes * 6)));
}

/**
 * Resolves a session cookie to the actor, or 'expired' when it was valid once and is no more.
 * One prepared statement per request, read live (no cache): logout, disabling, a role, unit or
 * area change, a two-factor reset or a term's end hold from the next request in every process.
 */
export async function authenticate(deps: Deps, cookie: string | undefined): Promise<Actor | 'expired' | null> {
  const parsed = parseSessionCookie(cookie);
  if (!parsed) return null;
  const { municipalityCode: m, sessionHash } = parsed;
  const timing = { idleMinutes: deps.config.sessionIdleMinutes, touchEverySeconds: touchEverySeconds(deps.config.sessionIdleMinutes) };
  const row = await sessionsRepo.findSessionActor(deps.db, m, sessionHash, timing);
  if (!row) return null;
  if (row.is_expired || !row.is_usable) {
    await sessionsRepo.deleteSession(deps.db, m, sessionHash);
    return 'expired';
  }
  if (row.needs_touch) await sessionsRepo.touchSession(deps.db, m, sessionHash, timing.touchEverySeconds);
  // A password to change comes first, whatever the session's own stage (read live: a reset holds at the next request).
  const stage = row.must_change_password ? 'password_change' : row.stage;
  return actorOf(m, row, { loginId: row.login_id, stage, csrfToken: row.csrf_token, sessionExpiresAt: row.expires_at });
}

/** What "who am I" shows besides the actor, read by the same statement; kept for this request only. */
type Profile = Pick<sessionsRepo.ActorRow, 'email' | 'totp_enabled' | 'term_ends_on' | 'municipality_name' | 'roles' | 'units'>;
const profiles = new WeakMap<Actor, Profile>();

function actorOf(m: string, row: sessionsRepo.ActorRow, session: Pick<Actor, 'loginId' | 'stage' | 'csrfToken' | 'sessionExpiresAt'>): Actor {
  const actor: Actor = {
    accountId: row.account_id,
    displayName: row.display_name,
    municipalityCode: m,
    roles: row.roles.map((r) => r.code),
    permissions: new Set<Permission>(row.permissions),
    reach: widestReach(row.roles.map((r) => r.reach)),
    unitIds: row.units.map((u) => u.id).sort(),
    subtreeUnitIds: row.subtree_unit_ids,
    areaIds: row.area_ids,
    grantKinds: new Set(row.grant_kinds),
    isDemo: row.is_demo,
    ...session,
  };
  profiles.set(actor, { email: row.email, totp_enabled: row.totp_enabled, term_ends_on: row.term_ends_on, municipality_name: row.municipality_name, roles: row.roles, units: row.units });
  return actor;
}

/**
 * The actor of a usable account without a session, for command-line tools that run a
 * service as a named staff member (audited as them). Null when there is no such account
 * or it cannot be used (disabled, term ended).
 */
export async function actorForAccount(db: Db, m: string, loginId: string): Promise<Actor | null> {
  const row = await sessionsRepo.findAccountActor(db, m, loginId);
  if (!row?.is_usable) return null;
  return actorOf(m, row, { loginId, stage: 'full', csrfToken: '', sessionExpiresAt: new Date(Date.now() + 3600_000) });
}

/** Ends the session the cookie names. */
export async function signOut(ctx: RequestContext, cookie: string | undefined): Promise<void> {
  const parsed = parseSessionCookie(cookie);
  const actor = ctx.maybeActor;
  if (!parsed || !actor) return;
  await ctx.db.transaction(async (tx) => {
    await sessionsRepo.deleteSession(tx, parsed.municipalityCode, parsed.sessionHash);
    await ctx.audit(tx, { action: 'session.signedOut', subjectType: 'account', subjectId: actor.accountId });
  });
}

/**
 * Who I am, my tier and units, and what I may do: the UI reads abilities from here. It costs no
 * statement of its own (the session lookup read it) and writes no audit row: it shows the
 * signed-in person their own account, and their sign-in is audited already
 * (docs/decisions/0007-session-lookup.md).
 */
export async function presentMe(ctx: RequestContext, actor: Actor): Promise<Me> {
  // An actor that other code copied or built is not in the map: read its profile, once.
  const profile = profiles.get(actor) ?? (await sessionsRepo.findActorById(ctx.db, actor.municipalityCode, actor.accountId));
  if (!profile) throw new AppError('unauthenticated', 401);
  const en = ctx.locale === 'en';
  const named = (x: { ja: string; en: string }) => (en && x.en ? x.en : x.ja);
  const roleNames = new Map(profile.roles.map((r) => [r.code, named(r)]));
  return {
    accountId: actor.accountId,
    loginId: actor.loginId,
    email: profile.email,
    displayName: actor.displayName,
    municipalityCode: actor.municipalityCode,
    municipalityName: named(profile.municipality_name),
    roles: actor.roles,
    roleNames: actor.roles.map((code) => roleNames.get(code) ?? code),
    reach: actor.reach,
    units: profile.units.map((u) => ({ id: u.id, name: named(u), tier: u.tier })),
    permissions: actor.stage === 'full' ? [...actor.permissions].sort() : [],
    csrfToken: actor.csrfToken,
    stage: actor.stage,
    totpEnabled: profile.totp_enabled,
    termEndsOn: profile.term_ends_on,
    sessionExpiresAt: actor.sessionExpiresAt.toISOString(),
  };
}

/** Starts two-factor enrolment: a new secret, its otpauth URL and QR code. Not yet active. */
export async function startTotpEnrolment(ctx: RequestContext) {
  const actor = ctx.actor;
  const account = await repo.findAccountById(ctx.db, actor.municipalityCode, actor.accountId);
  if (!account) throw notFound();
  if (account.totp_enabled_at) throw new AppError('conflict', 409);
  const secret = newTotpSecret();
  await ctx.db.transaction(async (tx) => {
    await repo.setTotpSecret(tx, actor.municipalityCode, actor.accountId, secret);
    await ctx.audit(tx, { action: 'account.totpEnrolmentStarted', subjectType: 'account', subjectId: actor.accountId });
  });
  return { secret, ...(await enrolmentOf(secret, actor.loginId, 'sasaeai')) };
}

/** Confirms enrolment with a code from the app; the session becomes a full one. */
export async function confirmTotp(ctx: RequestContext, code: string): Promise<void> {
  const actor = ctx.actor;
  const account = await repo.findAccountById(ctx.db, actor.municipalityCode, actor.accountId);
  if (!account?.totp_secret || account.totp_enabled_at) throw new AppError('conflict', 409);
  const step = await checkTotp(account.totp_secret, code, null);
  if (step === null) throw new AppError('totp_invalid', 400, [{ path: ['totp'], code: 'totp_invalid', message: 'wrong code' }]);
  await ctx.db.transaction(async (tx) => {
    await repo.enableTotp(tx, actor.municipalityCode, actor.accountId, step);
    await sessionsRepo.setSessionStage(tx, actor.municipalityCode, actor.accountId, 'full');
    await ctx.audit(tx, { action: 'account.totpEnabled', subjectType: 'account', subjectId: actor.accountId });
  });
}

/** Checks a new password against the rules; throws a 400 naming `field`. */
export function assertPasswordAllowed(password: string, loginId: string, field: string): void {
  const problem = checkPassword(password, { loginId, common: commonPasswords() });
  if (problem) throw invalidField([field], problem, problem);
}

/** Changes my password and ends my other sessions. */
export async function changeOwnPassword(ctx: RequestContext, current: string, next: string, sessionHash: string | null): Promise<void> {
  const actor = ctx.actor;
  const account = await repo.findAccountById(ctx.db, actor.municipalityCode, actor.accountId);
  if (!account) throw notFound();
  if (!(await verifyPassword(account.password_hash, current))) throw invalidField(['currentPassword'], 'invalid_credentials', 'wrong password');
  assertPasswordAllowed(next, actor.loginId, 'newPassword');
  if (next === current) throw invalidField(['newPassword'], 'same_as_current', 'choose a password other than the current one');
  const hash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await repo.updatePasswordHash(tx, actor.municipalityCode, actor.accountId, hash);
    const ended = await sessionsRepo.deleteAccountSessions(tx, actor.municipalityCode, actor.accountId, sessionHash ?? undefined);
    await ctx.audit(tx, { action: 'account.passwordChanged', subjectType: 'account', subjectId: actor.accountId, details: { otherSessionsEnded: ended } });
  });
}
