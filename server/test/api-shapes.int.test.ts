import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, errorMessage } from '../../core/errors';
import { PERMISSIONS } from '../../core/permissions';
import { TEST_PASSWORD, type TestTenant, testEngine, testTenant } from './harness';

// Other tools (the web app, e2e, bench, scripts) rely on these exact shapes.
let t: TestTenant;
beforeAll(async () => {
  t = await testTenant();
});
afterAll(() => t.close());

describe('fixed API shapes', () => {
  it(`GET /api/health answers {status:'ok', database:'${testEngine}', version} for the engine under test, without signing in`, async () => {
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ status: 'ok', database: testEngine, version: t.config.version });
  });

  it('POST /api/auth/login answers the signed-in person with a csrfToken', async () => {
    const res = await t.anon.post('/api/auth/login', { loginId: 'csw-mine', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ loginId: 'csw-mine', municipalityCode: t.m, roles: ['csw'], stage: 'full' });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
  });

  it('GET /api/me has loginId, displayName, municipalityCode, roles, units[{id,name,tier}], permissions and csrfToken', async () => {
    const csw = await t.login('csw-mine');
    const res = await csw.get('/api/me');
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me).toMatchObject({
      loginId: 'csw-mine',
      displayName: 'デモ CSW（美祢）',
      municipalityCode: t.m,
      roles: ['csw'],
      units: [{ id: 'centre-mine', name: expect.any(String), tier: 'area' }],
      csrfToken: csw.csrfToken,
    });
    expect(Object.keys(me.units[0]).sort()).toEqual(['id', 'name', 'tier']);
    expect(me.permissions).toEqual([...me.permissions].sort());
    expect(me.permissions).toEqual(expect.arrayContaining(['self.read', 'org.read', 'people.read']));
    expect(me.permissions.every((p: string) => (PERMISSIONS as readonly string[]).includes(p))).toBe(true);
    expect(me.permissions).not.toContain('accounts.manage');
  });

  it('GET /api/me without a session is 401 unauthenticated in the one error shape', async () => {
    const res = await t.anon.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthenticated', message: errorMessage('unauthenticated') });
  });

  it('GET /api/me names the units in English for an English client', async () => {
    const csw = await t.login('csw-mine');
    const ja = (await csw.get('/api/me')).json();
    const en = (await csw.get('/api/me', { 'accept-language': 'en' })).json();
    expect(ja.units[0].name).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(en.units[0].name).toMatch(/^[\x20-\x7e]+$/);
  });

  it('POST /api/auth/logout answers {ok:true}, also when there was no session to end', async () => {
    const csw = await t.login('csw-mito');
    expect((await csw.post('/api/auth/logout')).json()).toEqual({ ok: true });
    const anon = await t.anon.post('/api/auth/logout');
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ ok: true });
  });

  it('GET /api/openapi.json documents every API operation with the permission it needs', async () => {
    const res = await t.anon.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { description?: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/me']?.get?.description).toBe('Permission: `self.read`');
    expect(doc.paths['/api/auth/login']?.post?.description).toBe('Public');
    expect(doc.paths['/api/audit']?.get?.description).toBe('Permission: `audit.read`');
  });
});

// An unknown login ID answers exactly like a wrong password and locks nobody out however often it is tried.
const wrongPassword = (headers: Record<string, string>) => t.anon.post('/api/auth/login', { loginId: 'nobody-at-all', password: 'not-the-password-at-all' }, headers);

describe('error messages follow the client language', () => {

  it('Accept-Language: en gets the English message for the same code', async () => {
    const ja = await wrongPassword({});
    const en = await wrongPassword({ 'accept-language': 'en' });
    expect(ja.json()).toEqual({ code: 'invalid_credentials', message: ERROR_MESSAGES.invalid_credentials.ja });
    expect(en.json()).toEqual({ code: 'invalid_credentials', message: ERROR_MESSAGES.invalid_credentials.en });
  });

  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['EN', 'en'],
    ['ja,en;q=0.8', 'ja'],
    ['fr', 'ja'],
    ['', 'ja'],
  ] as const)('Accept-Language "%s" gets the %s message', async (header, locale) => {
    const res = await wrongPassword(header ? { 'accept-language': header } : {});
    expect(res.json().message).toBe(errorMessage('invalid_credentials', locale));
  });

  it('validation errors, 404s and permission refusals are translated too', async () => {
    const en = { 'accept-language': 'en' };
    const bad = await t.anon.post('/api/auth/login', { loginId: '', password: 'x' }, en);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', message: errorMessage('validation_failed', 'en') });
    expect((await t.anon.get('/api/nothing-here', en)).json().message).toBe(errorMessage('not_found', 'en'));
    const csw = await t.login('csw-mine');
    expect((await csw.get('/api/accounts', en)).json()).toEqual({ code: 'forbidden', message: errorMessage('forbidden', 'en') });
  });
});
