import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, auditRows, createAccount, sessionHashOf, STRONG_PASSWORD } from '../../test/factories';
import { type Agent, TEST_PASSWORD, type TestTenant, testTenant } from '../../test/harness';

let t: TestTenant;
beforeAll(async () => {
  t = await testTenant();
});
afterAll(() => t.close());

const sessionExists = async (agent: Agent) => {
  const { rows } = await t.db.query('SELECT 1 FROM sessions WHERE municipality_code = $1 AND session_hash = $2', [t.m, sessionHashOf(agent)]);
  return rows.length === 1;
};
const ageSession = (agent: Agent, set: string) =>
  t.db.query(`UPDATE sessions SET ${set} WHERE municipality_code = $1 AND session_hash = $2`, [t.m, sessionHashOf(agent)]);
const cleared = (res: { headers: Record<string, unknown> }) => /sasaeai_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i.test([res.headers['set-cookie']].flat().join('\n'));

describe('session lifetime', () => {
  it('a session left idle past the idle timeout answers 401 session_expired, clears the cookie, and its row is deleted', async () => {
    const csw = await t.login('csw-mine');
    await ageSession(csw, `last_seen_at = now() - make_interval(mins => ${t.config.sessionIdleMinutes + 1})`);
    const res = await csw.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
    expect(cleared(res)).toBe(true);
    expect(await sessionExists(csw)).toBe(false);
    // Once gone, the cookie is simply not a session any more.
    expect((await csw.get('/api/me')).json().code).toBe('unauthenticated');
  });

  it('a session used within the idle timeout keeps working, and using it moves last_seen_at forward', async () => {
    const csw = await t.login('csw-mine');
    await ageSession(csw, `last_seen_at = now() - make_interval(mins => ${t.config.sessionIdleMinutes - 1})`);
    expect((await csw.get('/api/me')).statusCode).toBe(200);
    const { rows } = await t.db.query<{ idle_seconds: number }>(
      'SELECT extract(epoch FROM now() - last_seen_at)::int AS idle_seconds FROM sessions WHERE municipality_code = $1 AND session_hash = $2',
      [t.m, sessionHashOf(csw)],
    );
    expect(rows[0]!.idle_seconds).toBeLessThan(60);
  });

  it('a session past its absolute lifetime answers 401 session_expired even though it was used a moment ago', async () => {
    const csw = await t.login('csw-mito');
    await ageSession(csw, `expires_at = now() - interval '1 second', last_seen_at = now()`);
    const res = await csw.get('/api/org/units');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
    expect(await sessionExists(csw)).toBe(false);
  });

  it('an expired session on a public route is dropped quietly: the route still answers', async () => {
    const csw = await t.login('csw-mito');
    await ageSession(csw, `expires_at = now() - interval '1 second'`);
    const res = await csw.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(cleared(res)).toBe(true);
    expect(await sessionExists(csw)).toBe(false);
  });
});

describe('signing out', () => {
  it('signing out ends the session: the same cookie no longer works, and the sign-out is audited', async () => {
    const csw = await t.login('csw-shuho');
    const res = await csw.post('/api/auth/logout');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(cleared(res)).toBe(true);
    expect(await sessionExists(csw)).toBe(false);
    const after = await csw.get('/api/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    const [row] = (await auditRows(t, { action: 'session.signedOut', actor: 'csw-shuho' })).slice(-1);
    expect(row?.subject_id).toBe(await accountIdOf(t, 'csw-shuho'));
  });

  it('signing out without the CSRF token is refused, so another site cannot sign a person out', async () => {
    const csw = await t.login('csw-shuho');
    const res = await csw.post('/api/auth/logout', undefined, { 'x-csrf-token': '' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_invalid');
    expect((await csw.get('/api/me')).statusCode).toBe(200);
  });
});

describe('an administrator disabling an account', () => {
  it('disabling an account ends all its sessions at once', async () => {
    const admin = await t.login('city-admin');
    const member = await createAccount(admin, { roles: ['commissioner'], unitIds: ['district-atsu'] });
    const a = await t.login(member.loginId, member.password);
    const b = await t.login(member.loginId, member.password);
    const id = member.id;
    const res = await admin.patch(`/api/accounts/${id}`, { isActive: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().isActive).toBe(false);
    for (const agent of [a, b]) {
      const me = await agent.get('/api/me');
      expect(me.statusCode).toBe(401);
      expect(await sessionExists(agent)).toBe(false);
    }
    const [row] = (await auditRows(t, { action: 'account.updated', subjectId: id })).slice(-1);
    expect(row).toMatchObject({ actor_login_id: 'city-admin', details: { sessionsEnded: 2, changes: { isActive: false } } });
  });

  it('an administrator cannot disable their own account by accident', async () => {
    const admin = await t.login('city-admin');
    const res = await admin.patch(`/api/accounts/${await accountIdOf(t, 'city-admin')}`, { isActive: false });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['isActive']);
    expect((await admin.get('/api/me')).statusCode).toBe(200);
  });
});

const change = (agent: Agent, newPassword: string, currentPassword = TEST_PASSWORD) => agent.post('/api/me/password', { currentPassword, newPassword });
const passwordHash = async (loginId: string) =>
  (await t.db.query<{ h: string }>('SELECT password_hash AS h FROM accounts WHERE municipality_code = $1 AND login_id = $2', [t.m, loginId])).rows[0]?.h;

describe('changing my password', () => {
  it.each([
    ['shorter than 12 characters', 'short-pw-1', 'password_too_short'],
    ['a common password such as password1234', 'password1234', 'password_common'],
    ['built on the login ID', 'shakyo-staff-2026-spring', 'password_common'],
    ['a run of one character', 'aaaaaaaaaaaaaaaa', 'password_common'],
  ])('a new password %s is refused with 400 naming newPassword, and nothing changes', async (_what, newPassword, issueCode) => {
    const staff = await t.login('shakyo-staff');
    const before = await passwordHash('shakyo-staff');
    const res = await change(staff, newPassword);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', issues: [{ path: ['newPassword'], code: issueCode }] });
    expect(await passwordHash('shakyo-staff')).toBe(before);
    expect((await staff.get('/api/me')).statusCode).toBe(200);
  });

  it('a wrong current password is refused with 400 naming currentPassword', async () => {
    const staff = await t.login('shakyo-staff');
    const res = await change(staff, STRONG_PASSWORD, 'not-my-password');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['currentPassword']);
  });

  it('changing the password ends my other sessions and keeps this one; the old password stops working', async () => {
    const elsewhere = await t.login('auditor');
    const here = await t.login('auditor');
    const res = await change(here, STRONG_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect((await here.get('/api/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    expect(await sessionExists(elsewhere)).toBe(false);

    const old = await t.anon.post('/api/auth/login', { loginId: 'auditor', password: TEST_PASSWORD });
    expect(old.statusCode).toBe(401);
    expect((await t.login('auditor', STRONG_PASSWORD)).loginId).toBe('auditor');
    const [row] = (await auditRows(t, { action: 'account.passwordChanged', actor: 'auditor' })).slice(-1);
    expect(row?.details).toEqual({ otherSessionsEnded: 1 });
    expect(JSON.stringify(row)).not.toContain(STRONG_PASSWORD);
  });
});
