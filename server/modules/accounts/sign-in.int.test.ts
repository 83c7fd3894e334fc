import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../../core/errors';
import { accountIdOf, auditRows } from '../../test/factories';
import { TEST_PASSWORD, type TestTenant, testTenant } from '../../test/harness';

let t: TestTenant;
beforeAll(async () => {
  // trustProxy so that a request forwarded by an https proxy is seen as https.
  t = await testTenant({ trustProxy: ['127.0.0.1'], loginRateLimitPerMinute: 30 });
});
afterAll(() => t.close());

const signIn = (body: Record<string, unknown>, headers: Record<string, string> = {}) => t.anon.post('/api/auth/login', body, headers);
/** Sign-in attempts from one client address (failures are counted per login ID and address). */
const signInFrom = (remoteAddress: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: body });
const endLocks = (loginId: string) =>
  t.db.query(`UPDATE login_failures f SET locked_until = now() - interval '1 second' FROM accounts a
               WHERE a.municipality_code = f.municipality_code AND a.account_id = f.account_id AND a.municipality_code = $1 AND a.login_id = $2`, [t.m, loginId]);

/** The Set-Cookie header of a response, one string. */
const setCookieOf = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie']].flat().join('\n');

describe('signing in', () => {
  it('a CSW with the right password gets 200, an HttpOnly SameSite=Lax session cookie and a CSRF token', async () => {
    const res = await signIn({ loginId: 'csw-mine', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = setCookieOf(res);
    expect(cookie).toMatch(/^sasaeai_session=\d{6}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//);
    expect(cookie).not.toMatch(/;\s*Secure/i); // plain http: a Secure cookie would never come back
    expect(cookie).toMatch(new RegExp(`Max-Age=${t.config.sessionAbsoluteHours * 3600 - 1}|Max-Age=${t.config.sessionAbsoluteHours * 3600}`));
    expect(res.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.json().loginId).toBe('csw-mine');
    const [signedIn] = (await auditRows(t, { action: 'session.signedIn', actor: 'csw-mine' })).slice(-1);
    expect(signedIn).toMatchObject({ outcome: 'allowed' });
  });

  it('behind an https proxy (a configured proxy address) the session cookie is also Secure', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-proto': 'https' }, payload: { loginId: 'csw-mine', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(setCookieOf(res)).toMatch(/;\s*Secure/i);
  });

  it('every sign-in makes a new session: two sign-ins of the same person get different cookies and CSRF tokens', async () => {
    const first = await t.login('csw-mito');
    const second = await t.login('csw-mito');
    expect(second.cookie).not.toBe(first.cookie);
    expect(second.csrfToken).not.toBe(first.csrfToken);
    // Both are real sessions of their own; signing out of one leaves the other.
    expect((await first.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await first.get('/api/me')).statusCode).toBe(401);
    expect((await second.get('/api/me')).statusCode).toBe(200);
  });

  it('a wrong password gets 401 invalid_credentials, and the refusal is audited with its reason', async () => {
    const res = await signIn({ loginId: 'csw-shuho', password: 'not-the-password-at-all' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'invalid_credentials', message: errorMessage('invalid_credentials') });
    expect(setCookieOf(res)).toBe('');
    const [row] = (await auditRows(t, { action: 'session.signInRefused', actor: 'csw-shuho' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'denied', details: { reason: 'bad_password' } });
    expect(row?.actor_account_id).toBe(await accountIdOf(t, 'csw-shuho'));
  });

  it('an unknown login ID gets exactly the same answer as a wrong password, and the audit keeps no trace of what was typed', async () => {
    const typed = 'my-secret-passw0rd-typed-in-the-id-box';
    const unknown = await signIn({ loginId: typed, password: 'not-the-password-at-all' });
    const wrong = await signIn({ loginId: 'csw-shuho', password: 'not-the-password-at-all' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    const [row] = (await auditRows(t, { action: 'session.signInRefused', actor: 'unknown' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'denied', actor_account_id: null, details: { reason: 'unknown_login', loginKey: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    const { rows } = await t.db.query(`SELECT 1 FROM audit_events WHERE municipality_code = $1 AND (actor_login_id LIKE '%' || $2 || '%' OR details::text LIKE '%' || $2 || '%')`, [t.m, typed]);
    expect(rows).toEqual([]);
    const { rows: stored } = await t.db.query(`SELECT 1 FROM login_failures WHERE municipality_code = $1 AND (login_key = $2 OR ip = $2)`, [t.m, typed]);
    expect(stored).toEqual([]);
  });

  it('naming a municipality that does not exist gets the same 401, and starts no audit chain for it', async () => {
    const res = await signIn({ loginId: 'csw-mine', password: TEST_PASSWORD, municipalityCode: '000000' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
    const { rows } = await t.db.query(`SELECT 1 FROM audit_seals WHERE municipality_code = '000000' UNION ALL SELECT 1 FROM audit_events WHERE municipality_code = '000000'`);
    expect(rows).toEqual([]);
  });

  it('after the allowed number of failures from one address the account is locked there: even the right password gets 423 until the lock passes', async () => {
    const before = (await auditRows(t, { actor: 'district-isa' })).length;
    const max = t.config.loginMaxFailures;
    for (let i = 0; i < max; i++) {
      const res = await signInFrom('192.0.2.10', { loginId: 'district-isa', password: `wrong-password-${i}` });
      expect(res.statusCode).toBe(401);
    }
    const locked = await signInFrom('192.0.2.10', { loginId: 'district-isa', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account_locked');

    // Every attempt left its own audit row: max bad passwords, the last one naming the lock, then the locked refusal.
    const rows = (await auditRows(t, { actor: 'district-isa' })).slice(before);
    expect(rows.map((r) => r.details.reason)).toEqual([...Array(max).fill('bad_password'), 'locked']);
    expect(rows.every((r) => r.action === 'session.signInRefused' && r.outcome === 'denied')).toBe(true);
    expect(rows[max - 1]?.details.lockedUntil).toEqual(expect.any(String));
    expect(rows[max - 2]?.details.lockedUntil).toBeUndefined();

    await endLocks('district-isa');
    const after = await signInFrom('192.0.2.10', { loginId: 'district-isa', password: TEST_PASSWORD });
    expect(after.statusCode).toBe(200);
    const { rows: left } = await t.db.query(`SELECT 1 FROM login_failures WHERE municipality_code = $1 AND ip = '192.0.2.10'`, [t.m]);
    expect(left).toEqual([]);
  });

  it('when a lock has run out, one more wrong password does not lock the account again: the count starts over', async () => {
    const max = t.config.loginMaxFailures;
    for (let i = 0; i < max; i++) await signInFrom('192.0.2.11', { loginId: 'csw-mito', password: `wrong-password-${i}` });
    expect((await signInFrom('192.0.2.11', { loginId: 'csw-mito', password: TEST_PASSWORD })).statusCode).toBe(423);
    await endLocks('csw-mito');
    expect((await signInFrom('192.0.2.11', { loginId: 'csw-mito', password: 'one-more-slip-of-the-finger' })).statusCode).toBe(401);
    const { rows } = await t.db.query<{ failures: number; locked: boolean }>(
      `SELECT failures, locked_until IS NOT NULL AND locked_until > now() AS locked FROM login_failures WHERE municipality_code = $1 AND ip = '192.0.2.11'`,
      [t.m],
    );
    expect(rows).toEqual([{ failures: 1, locked: false }]);
    expect((await signInFrom('192.0.2.11', { loginId: 'csw-mito', password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('a locked account stays locked for a right password from that address (the lock is checked first) until an admin unlocks it', async () => {
    for (let i = 0; i < t.config.loginMaxFailures; i++) await signInFrom('192.0.2.12', { loginId: 'district-mito', password: `wrong-password-${i}` });
    const res = await signInFrom('192.0.2.12', { loginId: 'district-mito', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(423);
    const admin = await t.login('city-admin');
    const id = await accountIdOf(t, 'district-mito');
    expect((await admin.get(`/api/accounts/${id}`)).json().lockedUntil).toEqual(expect.any(String));
    const unlock = await admin.patch(`/api/accounts/${id}`, { unlock: true });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    expect((await signInFrom('192.0.2.12', { loginId: 'district-mito', password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('five guesses from elsewhere do not lock anyone out: the owner signs in from their own desk', async () => {
    for (let i = 0; i < t.config.loginMaxFailures + 1; i++) await signInFrom('198.51.100.66', { loginId: 'csw-shuho', password: `attacker-guess-${i}` });
    expect((await signInFrom('198.51.100.66', { loginId: 'csw-shuho', password: TEST_PASSWORD })).statusCode).toBe(423);
    expect((await signInFrom('10.20.30.40', { loginId: 'csw-shuho', password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('a login ID that does not exist is locked after the same number of failures with the same answer: locking tells nothing', async () => {
    const answers: string[] = [];
    for (const loginId of ['district-omine', 'nobody-by-this-name']) {
      for (let i = 0; i < t.config.loginMaxFailures; i++) await signInFrom('198.51.100.67', { loginId, password: `guess-${i}` });
      const res = await signInFrom('198.51.100.67', { loginId, password: `guess-again` });
      answers.push(`${res.statusCode} ${res.body}`);
    }
    expect(answers[0]).toMatch(/^423 /);
    expect(answers[1]).toBe(answers[0]);
  });

  it('a disabled account cannot sign in even with the right password (403 account_disabled)', async () => {
    const admin = await t.login('city-admin');
    const id = await accountIdOf(t, 'district-shuho');
    expect((await admin.patch(`/api/accounts/${id}`, { isActive: false })).statusCode).toBe(200);
    const res = await signIn({ loginId: 'district-shuho', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('account_disabled');
    const [row] = (await auditRows(t, { action: 'session.signInRefused', actor: 'district-shuho' })).slice(-1);
    expect(row?.details.reason).toBe('disabled');
  });
});

const setTermEnd = (daysFromTodayInJapan: number) =>
  t.db.query(
    `UPDATE accounts SET term_ends_on = (now() AT TIME ZONE 'Asia/Tokyo')::date + $2::int
      WHERE municipality_code = $1 AND login_id = 'commissioner-omine'`,
    [t.m, daysFromTodayInJapan],
  );

describe('a 民生委員 term of office', () => {
  it('a 民生委員 on the last day of the term (Japan time) still signs in', async () => {
    await setTermEnd(0);
    expect((await signIn({ loginId: 'commissioner-omine', password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('a 民生委員 whose term ended yesterday (Japan time) cannot sign in (403 term_ended), and a session opened before stops working', async () => {
    await setTermEnd(0);
    const commissioner = await t.login('commissioner-omine');
    expect((await commissioner.get('/api/me')).statusCode).toBe(200);

    await setTermEnd(-1);
    const res = await signIn({ loginId: 'commissioner-omine', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('term_ended');
    const [row] = (await auditRows(t, { action: 'session.signInRefused', actor: 'commissioner-omine' })).slice(-1);
    expect(row?.details.reason).toBe('term_ended');

    const stale = await commissioner.get('/api/me');
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('session_expired');
    await setTermEnd(365);
  });
});

const attempt = (remoteAddress: string, loginId = 'nobody-here') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { loginId, password: 'x' } });

describe('sign-in rate limit', () => {
  it('one address gets 429 rate_limited after LOGIN_RATE_LIMIT_PER_MINUTE sign-in attempts (120 by default: an office of 50 signs in below it; 30 here); another address is not affected', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await attempt('192.0.2.77', `nobody-${i}`)).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes[30]).toBe(429);
    const limited = await attempt('192.0.2.77');
    expect(limited.json()).toMatchObject({ code: 'rate_limited', message: errorMessage('rate_limited') });
    expect((await attempt('192.0.2.78')).statusCode).toBe(401);
  });
});
