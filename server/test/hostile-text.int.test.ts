import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasLoneSurrogate, loneSurrogatePath } from '../../core/contracts/common';
import { footprint, leakIn } from './factories';
import { type Agent, type TestTenant, testTenant } from './harness';

// Issue 14 item 9: a lone surrogate in any JSON string is 400 naming the field on every route,
// nothing written; router errors come in the one error shape.
let t: TestTenant;
let admin: Agent;
let coordinator: Agent;

beforeAll(async () => {
  t = await testTenant();
  admin = await t.login('city-admin');
  coordinator = await t.login('coordinator');
});
afterAll(() => t.close());

/** Raw JSON text, so `\ud800` reaches the server as the escape JSON allows. */
const raw = (fields: Record<string, string>) => `{${Object.entries(fields).map(([k, v]) => `"${k}":${v}`).join(',')}}`;

function send(agent: Agent, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: string) {
  return t.app.inject({ method, url, payload, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/json' } });
}

const CASES: { name: string; agent: () => Agent; method: 'POST' | 'PUT' | 'PATCH'; url: string; body: string; path: (string | number)[] }[] = [
  { name: 'unit create', agent: () => admin, method: 'POST', url: '/api/org/units', body: raw({ id: '"u-hostile"', parentId: '"district-omine"', tier: '"neighbourhood"', kind: '"neighbourhood"', nameJa: '"自治会\\ud800"' }), path: ['nameJa'] },
  { name: 'unit update', agent: () => admin, method: 'PATCH', url: '/api/org/units/district-omine', body: raw({ nameEn: '"x\\udfff"' }), path: ['nameEn'] },
  { name: 'account create', agent: () => admin, method: 'POST', url: '/api/accounts', body: raw({ loginId: '"hostile-1"', displayName: '"\\ud800"', password: '"kawa-no-nagare-7729"', roles: '["csw"]' }), path: ['displayName'] },
  { name: 'account update (a key)', agent: () => admin, method: 'PATCH', url: '/api/accounts/nobody', body: raw({ '\\udc00': '"x"' }), path: ['\udc00'] },
  { name: 'directory organisation create', agent: () => admin, method: 'POST', url: '/api/directory/organizations', body: raw({ name: '"団体\\ud800"' }), path: ['name'] },
  { name: 'directory organisation update', agent: () => admin, method: 'PUT', url: '/api/directory/organizations/nothing-here', body: raw({ name: '"a"', description: '"\\udfff\\ud800"' }), path: ['description'] },
  { name: 'assessment', agent: () => coordinator, method: 'PUT', url: '/api/consultations/nothing-here/assessment', body: raw({ answers: '{"money":{"note":"\\ud800"}}' }), path: ['answers', 'money', 'note'] },
  { name: 'plan', agent: () => coordinator, method: 'PUT', url: '/api/consultations/nothing-here/plan', body: raw({ goals: '[{"text":"ok"},{"text":"\\ud800"}]' }), path: ['goals', 1, 'text'] },
  { name: 'merge', agent: () => coordinator, method: 'POST', url: '/api/people/nothing-here/merge', body: raw({ mergeId: '"other"', reason: '"\\ud800"' }), path: ['reason'] },
];

describe('a lone surrogate in JSON', () => {
  it.each(CASES)('$name: 400 validation_failed naming $path, nothing written, nothing internal shown', async (c) => {
    const before = await footprint(t);
    const res = await send(c.agent(), c.method, c.url, c.body);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.issues).toEqual([expect.objectContaining({ path: c.path, code: 'lone_surrogate' })]);
    expect(leakIn(res.body)).toBeNull();
    expect(await footprint(t)).toEqual(before);
  });

  it('a well-formed pair (an emoji, a rare kanji outside the BMP) is text like any other', async () => {
    expect(hasLoneSurrogate('𠮷野家 😀')).toBe(false);
    expect(loneSurrogatePath({ a: ['ok', { b: '𠮷' }] })).toBeNull();
    expect(loneSurrogatePath({ a: ['ok', { b: 'x\ud842' }] })).toEqual(['a', 1, 'b']);
    const res = await send(admin, 'PATCH', '/api/org/units/district-omine', raw({ nameEn: '"Omine \\ud842\\udfb7"' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().nameEn).toBe('Omine 𠮷');
  });
});

describe('router errors in the one error shape', () => {
  it('a URL that does not decode is 400 bad_url with { code, message, issues }', async () => {
    const res = await admin.get('/api/people/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'bad_url', message: expect.any(String), issues: [{ path: ['url'], code: 'bad_url' }] });
    expect(res.json()).not.toHaveProperty('statusCode');
  });

  it('a parameter over the length limit is 414 bad_url in the same shape', async () => {
    const res = await admin.get(`/api/people/${'a'.repeat(300)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toMatchObject({ code: 'bad_url', issues: [{ path: ['url'], code: 'too_long' }] });
  });

  it('bad JSON and a wrong content type are invalid_json and unsupported_media_type, the same shape', async () => {
    const bad = await send(admin, 'POST', '/api/org/units', '{"nameJa":');
    expect(bad.json()).toMatchObject({ code: 'invalid_json', message: expect.any(String) });
    const wrongType = await t.app.inject({ method: 'POST', url: '/api/org/units', payload: '<unit/>', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/xml' } });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ code: 'unsupported_media_type', message: expect.any(String) });
  });
});
