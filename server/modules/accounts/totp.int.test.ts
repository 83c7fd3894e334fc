import { PERSONAL_DATA_PERMISSIONS } from '../../../core/permissions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, createAccount } from '../../test/factories';
import { type Agent, TEST_PASSWORD, type TestTenant, testTenant } from '../../test/harness';
import { currentTotp } from './index';

let t: TestTenant;
let admin: Agent;
beforeAll(async () => {
  t = await testTenant();
  admin = await t.login('city-admin');
});
afterAll(() => t.close());

const signIn = (loginId: string, password: string, totp?: string) => t.anon.post('/api/auth/login', { loginId, password, ...(totp ? { totp } : {}) });
/** A code the app would show 30 s from now: valid now (one step of drift is allowed) and newer than a code used a moment ago. */
const nextCode = (secret: string) => currentTotp(secret, Date.now() + 30_000);

/** Codes that are not valid at any step inside the drift window, so "wrong" is wrong for certain. */
async function wrongCodes(secret: string, count: number): Promise<string[]> {
  const valid = new Set(await Promise.all([-30_000, 0, 30_000, 60_000].map((d) => currentTotp(secret, Date.now() + d))));
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const code = String(i * 111_111 + 7).padStart(6, '0').slice(-6);
    if (!valid.has(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

/** A new CSW (a role with personal-data permissions) that has enrolled two-factor. */
async function enrolledCsw() {
  const account = await createAccount(admin, { roles: ['csw'], unitIds: ['centre-mine'] });
  const agent = await t.login(account.loginId, account.password);
  const { secret } = (await agent.post('/api/me/totp')).json() as { secret: string };
  const confirmed = await agent.post('/api/me/totp/confirm', { totp: await currentTotp(secret) });
  if (confirmed.statusCode !== 200) throw new Error(`confirm failed: ${confirmed.body}`);
  return { ...account, secret };
}

describe('two-factor enrolment', () => {
  it('a new CSW must enrol two-factor first: /api/me works, but /api/org/units answers 403 totp_enrolment_required', async () => {
    const account = await createAccount(admin, { roles: ['csw'], unitIds: ['centre-mine'] });
    expect(account.isDemo).toBe(false);
    const login = await signIn(account.loginId, account.password);
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ stage: 'totp_enrolment', permissions: [], totpEnabled: false });

    const agent = await t.login(account.loginId, account.password);
    const me = await agent.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().stage).toBe('totp_enrolment');
    const units = await agent.get('/api/org/units');
    expect(units.statusCode).toBe(403);
    expect(units.json().code).toBe('totp_enrolment_required');
    // Not even changing the password: enrolment comes first (the first password was changed already).
    expect((await agent.post('/api/me/password', { currentPassword: account.password, newPassword: 'another-long-phrase-42' })).statusCode).toBe(403);
  });

  it('enrolment gives a secret, an otpauth URL and an SVG QR code; a wrong code is refused; the right one makes the session full', async () => {
    const account = await createAccount(admin, { roles: ['csw'], unitIds: ['centre-mito'] });
    const agent = await t.login(account.loginId, account.password);
    const start = await agent.post('/api/me/totp');
    expect(start.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = start.json() as { secret: string; otpauthUrl: string; qrSvg: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // base32, 160 bits
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('sasaeai');
    expect(decodeURIComponent(url.pathname)).toContain(account.loginId);
    expect(qrSvg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);

    const [wrongCode] = await wrongCodes(secret, 1);
    const wrong = await agent.post('/api/me/totp/confirm', { totp: wrongCode });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'totp_invalid', issues: [{ path: ['totp'] }] });
    expect((await agent.get('/api/org/units')).statusCode).toBe(403);

    const right = await agent.post('/api/me/totp/confirm', { totp: await currentTotp(secret) });
    expect(right.statusCode).toBe(200);
    expect((await agent.get('/api/org/units')).statusCode).toBe(200);
    expect((await agent.get('/api/me')).json()).toMatchObject({ stage: 'full', totpEnabled: true });
    const actions = (await auditRows(t, { subjectId: account.id })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.created', 'account.totpEnrolmentStarted', 'account.totpEnabled']));
    // Confirming twice is a conflict, not a silent re-enrolment.
    expect((await agent.post('/api/me/totp/confirm', { totp: await nextCode(secret) })).statusCode).toBe(409);
    expect((await agent.post('/api/me/totp')).statusCode).toBe(409);
  });

  it('the secret is kept only on the server: the account API never shows it', async () => {
    const account = await enrolledCsw();
    const res = await admin.get(`/api/accounts/${account.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().totpEnabled).toBe(true);
    expect(res.body).not.toContain(account.secret);
  });
});

describe('signing in with two-factor', () => {
  it('an enrolled CSW: no code → 401 totp_required; a wrong code → 401 totp_invalid; the right code → 200; the same code again → refused', async () => {
    const account = await enrolledCsw();
    const none = await signIn(account.loginId, account.password);
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('totp_required');

    const code = await nextCode(account.secret);
    const [wrongCode] = await wrongCodes(account.secret, 1);
    const wrong = await signIn(account.loginId, account.password, wrongCode);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('totp_invalid');

    const right = await signIn(account.loginId, account.password, code);
    expect(right.statusCode).toBe(200);
    expect(right.json().stage).toBe('full');

    const replay = await signIn(account.loginId, account.password, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('totp_invalid');

    const reasons = (await auditRows(t, { action: 'session.signInRefused', actor: account.loginId })).map((r) => r.details.reason);
    expect(reasons).toEqual(['totp_missing', 'totp_invalid', 'totp_invalid']);
  });

  it('a code older than the last one used is refused too (no replay within the drift window)', async () => {
    const account = await enrolledCsw();
    expect((await signIn(account.loginId, account.password, await nextCode(account.secret))).statusCode).toBe(200);
    const older = await signIn(account.loginId, account.password, await currentTotp(account.secret, Date.now() - 30_000));
    expect(older.statusCode).toBe(401);
  });

  it('a wrong password with the right code is still 401 invalid_credentials: the code proves nothing alone', async () => {
    const account = await enrolledCsw();
    const res = await signIn(account.loginId, 'not-the-password-at-all', await nextCode(account.secret));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });

  it('wrong codes count towards the lockout like wrong passwords', async () => {
    const account = await enrolledCsw();
    // Counted per login ID and address (decision 0018): every try from one address.
    const from = (totp: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.202', payload: { loginId: account.loginId, password: account.password, totp } });
    for (const code of await wrongCodes(account.secret, t.config.loginMaxFailures)) {
      expect((await from(code)).statusCode).toBe(401);
    }
    const locked = await from(await nextCode(account.secret));
    expect(locked.statusCode).toBe(423);
  });

  it('an administrator resetting two-factor (a lost phone) ends the sessions and sends the person back to enrolment', async () => {
    const account = await enrolledCsw();
    const agent = await t.login(account.loginId, account.password, await nextCode(account.secret));
    expect((await agent.get('/api/org/units')).statusCode).toBe(200);
    const reset = await admin.patch(`/api/accounts/${account.id}`, { resetTotp: true });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().totpEnabled).toBe(false);
    expect((await agent.get('/api/org/units')).statusCode).toBe(401);
    const again = await signIn(account.loginId, account.password);
    expect(again.json().stage).toBe('totp_enrolment');
  });

  it('demo accounts skip two-factor: the demo CSW gets a full session with a password alone', async () => {
    const res = await signIn('csw-mine', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stage: 'full', totpEnabled: false });
    expect(res.json().permissions).toContain('people.read');
  });

  it('a role without personal-data permissions needs no two-factor', async () => {
    const { rows } = await t.db.query<{ role_code: string; requires_totp: boolean; permissions: string[] }>(
      `SELECT r.role_code, r.requires_totp, ARRAY(SELECT permission FROM role_permissions rp WHERE rp.municipality_code = r.municipality_code AND rp.role_code = r.role_code) AS permissions
         FROM roles r WHERE r.municipality_code = $1 ORDER BY r.role_code`, [t.m],
    );
    // A seeded role requires two-factor exactly when it holds a permission that reads personal data
    // (the partner business that only reports, under a 見守り協定, does not).
    for (const r of rows) expect(r.requires_totp, r.role_code).toBe(r.permissions.some((p) => (PERSONAL_DATA_PERMISSIONS as readonly string[]).includes(p)));
    expect(rows.filter((r) => !r.requires_totp).map((r) => r.role_code)).toEqual(['watch_partner']);
    await t.db.query(
      `INSERT INTO roles (municipality_code, role_code, name_ja, name_en, reach, requires_totp) VALUES ($1, 'viewer', '閲覧', 'Viewer', 'own', false)`,
      [t.m],
    );
    await t.db.query(`INSERT INTO role_permissions (municipality_code, role_code, permission) VALUES ($1, 'viewer', 'self.read'), ($1, 'viewer', 'org.read')`, [t.m]);
    const account = await createAccount(admin, { roles: ['viewer'], unitIds: ['hub'] });
    const res = await signIn(account.loginId, account.password);
    expect(res.json().stage).toBe('full');
  });
});

describe('with SASAEAI_TOTP_ENFORCED=0 (a closed test network)', () => {
  let open: TestTenant;
  beforeAll(async () => {
    open = await testTenant({ totpEnforced: false });
  });
  afterAll(() => open.close());

  it('a new CSW gets a full session without enrolling', async () => {
    const openAdmin = await open.login('city-admin');
    const account = await createAccount(openAdmin, { roles: ['csw'], unitIds: ['centre-mine'] });
    const agent = await open.login(account.loginId, account.password);
    const me = await agent.get('/api/me');
    expect(me.json()).toMatchObject({ stage: 'full', totpEnabled: false });
    expect((await agent.get('/api/org/units')).statusCode).toBe(200);
  });
});
