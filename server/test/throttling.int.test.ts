import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll } from './factories';
import { type Agent, TEST_PASSWORD, type TestTenant, testTenant } from './harness';

/**
 * Issue 14 items 8 and 11: `X-Forwarded-For` is believed only from the configured proxy, so a
 * forged header neither passes the per-address limits nor reaches the audit; signed-in work is
 * limited per account (a whole office shares one address), two-factor confirmation and the
 * current-password check per account too.
 */
const PROXY = '10.9.9.9';
let t: TestTenant;
let as: Record<string, Agent>;

beforeAll(async () => {
  t = await testTenant({ trustProxy: [PROXY], rateLimitPerMinute: 30, loginRateLimitPerMinute: 30 });
  as = await loginAll(t, ['csw-mine', 'csw-mito', 'coordinator']);
});
afterAll(() => t.close());

const login = (remoteAddress: string, loginId: string, forwardedFor?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}, payload: { loginId, password: 'not-the-password' } });

const ipOfLastSignIn = async (action: string) => {
  const { rows } = await t.db.query<{ ip: string }>(`SELECT ip FROM audit_events WHERE municipality_code = $1 AND action = $2 ORDER BY audit_id DESC LIMIT 1`, [t.m, action]);
  return rows[0]?.ip;
};

describe('proxies (TRUST_PROXY)', () => {
  it('a forged X-Forwarded-For from a client that is not the proxy does not reach the audit: its own address does', async () => {
    await login('192.0.2.40', 'nobody-at-all', '203.0.113.99');
    expect(await ipOfLastSignIn('session.signInRefused')).toBe('192.0.2.40');
  });

  it('from the configured proxy, the forwarded client address is the one audited', async () => {
    await login(PROXY, 'nobody-at-all', '203.0.113.7');
    expect(await ipOfLastSignIn('session.signInRefused')).toBe('203.0.113.7');
  });

  it('a client changing X-Forwarded-For on every try still meets the sign-in limit of its own address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await login('192.0.2.41', `forger-${i}`, `198.51.100.${i % 250}`)).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes[30]).toBe(429);
  });

  it('… and the public form\'s limit, and forged guesses lock only the forger\'s own address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/public/consultations', remoteAddress: '192.0.2.42', headers: { 'x-forwarded-for': `198.51.100.${i}` }, payload: { summary: `テスト${i}`, website: 'x' } });
      codes.push(res.statusCode);
    }
    expect(codes[30]).toBe(429);
    for (let i = 0; i < t.config.loginMaxFailures; i++) await login('192.0.2.43', 'csw-mito', `192.0.2.${100 + i}`);
    const owner = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.100', payload: { loginId: 'csw-mito', password: TEST_PASSWORD } });
    expect(owner.statusCode).toBe(200);
  });
});

describe('signed-in work is limited per account, not per address', () => {
  it('one worker who sends too much gets 429; a colleague behind the same office address goes on working', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await as['csw-mine']!.get('/api/me')).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes[30]).toBe(429);
    expect((await as['csw-mito']!.get('/api/me')).statusCode).toBe(200);
  });

  it('two-factor confirmation is limited per account (10 in 15 minutes)', async () => {
    const coordinator = as.coordinator!;
    expect((await coordinator.post('/api/me/totp')).statusCode).toBe(200);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await coordinator.post('/api/me/totp/confirm', { totp: String(100000 + i) })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('the current-password check is limited per account (10 in 15 minutes)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await as['csw-mito']!.post('/api/me/password', { currentPassword: `guess-${i}`, newPassword: 'kawa-no-nagare-7729' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});
