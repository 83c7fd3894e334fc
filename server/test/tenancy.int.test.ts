import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, areaInput, auditRows, createAccount, unitInput } from './factories';
import { type Agent, TEST_PASSWORD, type TestTenant, testTenant } from './harness';

// Two municipalities on one deployment. On PostgreSQL they share every table, as in production.
let a: TestTenant;
let b: TestTenant;
let bAdmin: Agent;
const bUnit = unitInput({ nameJa: 'B市だけの自治会' });
const bArea = areaInput({ nameJa: 'B市だけの区域' });
let bAccountId: string;
let bLoginId: string;

beforeAll(async () => {
  a = await testTenant();
  b = await testTenant();
  bAdmin = await b.login('city-admin');
  expect((await bAdmin.post('/api/org/units', bUnit)).statusCode).toBe(201);
  expect((await bAdmin.post('/api/org/areas', bArea)).statusCode).toBe(201);
  const account = await createAccount(bAdmin, { roles: ['coordinator'], unitIds: ['hub'] });
  bAccountId = account.id;
  bLoginId = account.loginId;
});
afterAll(async () => {
  await a.close();
  await b.close();
});

describe('deny by default', () => {
  it('a CSW, whose role lacks accounts.read, gets 403 on the staff list, and the refusal is audited', async () => {
    const csw = await a.login('csw-mine');
    const res = await csw.get('/api/accounts');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(res.body).not.toContain('city-admin');
    const [row] = (await auditRows(a, { action: 'access.denied', actor: 'csw-mine' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'denied', subject_id: 'GET /api/accounts', details: { permission: 'accounts.read' } });
  });

  it.each([
    ['district-omine', 'GET', '/api/roles'],
    ['commissioner-omine', 'POST', '/api/org/areas'],
    ['auditor', 'POST', '/api/accounts'],
    ['coordinator', 'GET', '/api/audit'],
    ['csw-mine', 'GET', '/api/audit/verify'],
  ] as const)('%s gets 403 on %s %s', async (loginId, method, url) => {
    const agent = await a.login(loginId);
    const res = method === 'GET' ? await agent.get(url) : await agent.post(url, {});
    expect(res.statusCode).toBe(403);
  });

  it('without a session every non-public route is 401, before the body is even looked at', async () => {
    for (const [method, url] of [['GET', '/api/org/units'], ['POST', '/api/org/units'], ['GET', '/api/accounts'], ['PATCH', '/api/accounts/x'], ['GET', '/api/audit']] as const) {
      const res = await a.app.inject({ method, url, payload: method === 'GET' ? undefined : 'not json at all', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe('one municipality never sees another', () => {
  it("an account of another municipality answers 404 by id, exactly like one that does not exist", async () => {
    const admin = await a.login('city-admin');
    const other = await admin.get(`/api/accounts/${bAccountId}`);
    const missing = await admin.get('/api/accounts/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(missing.body);
    expect((await admin.patch(`/api/accounts/${bAccountId}`, { displayName: '乗っ取り' })).statusCode).toBe(404);
    expect((await bAdmin.get(`/api/accounts/${bAccountId}`)).json().displayName).not.toBe('乗っ取り');
  });

  it("the staff list of A has none of B's accounts", async () => {
    const admin = await a.login('city-admin');
    const logins = (await admin.get('/api/accounts')).json().items.map((x: { loginId: string }) => x.loginId);
    expect(logins).toContain('city-admin');
    expect(logins).not.toContain(bLoginId);
    const ids = (await admin.get('/api/accounts')).json().items.map((x: { id: string }) => x.id);
    expect(ids).not.toContain(await accountIdOf(b, 'city-admin'));
  });

  it("A's units and areas have none of B's", async () => {
    const coordinator = await a.login('coordinator');
    const units = (await coordinator.get('/api/org/units')).json().items as { id: string; nameJa: string }[];
    const areas = (await coordinator.get('/api/org/areas')).json().items as { id: string }[];
    expect(units.map((u) => u.id)).not.toContain(bUnit.id);
    expect(units.map((u) => u.nameJa)).not.toContain('B市だけの自治会');
    expect(areas.map((x) => x.id)).not.toContain(bArea.id);
    // …and B sees its own, so the filter is the municipality, not the rows' content.
    const bUnits = (await (await b.login('coordinator')).get('/api/org/units')).json().items.map((u: { id: string }) => u.id);
    expect(bUnits).toContain(bUnit.id);
  });

  it("A cannot edit or hang things under B's units: B's unit does not exist for A", async () => {
    const admin = await a.login('city-admin');
    expect((await admin.patch(`/api/org/units/${bUnit.id}`, { nameJa: '乗っ取り' })).statusCode).toBe(404);
    const child = await admin.post('/api/org/units', unitInput({ parentId: bUnit.id }));
    expect(child.statusCode).toBe(400);
    expect(child.json().issues[0].path).toEqual(['parentId']);
    expect((await admin.patch(`/api/org/areas/${bArea.id}`, { nameJa: '乗っ取り' })).statusCode).toBe(404);
  });

  it("A's auditor reads only A's audit rows", async () => {
    const auditor = await a.login('auditor');
    const res = await auditor.get('/api/audit?limit=500');
    expect(res.statusCode).toBe(200);
    const ids = new Set((res.json().items as { id: number }[]).map((x) => x.id));
    const { rows } = await b.db.query<{ audit_id: number }>('SELECT audit_id FROM audit_events WHERE municipality_code = $1', [b.m]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => ids.has(Number(r.audit_id)))).toEqual([]);
    const bySubject = await auditor.get(`/api/audit?subjectId=${bUnit.id}`);
    expect(bySubject.json().items).toEqual([]);
    expect((await auditor.get(`/api/audit?actor=${bLoginId}`)).json().total).toBe(0);
  });

  it("a cookie of B's session relabelled with A's municipality code is no session at all", async () => {
    const bCsw = await b.login('csw-mine');
    const token = bCsw.sessionCookie.split('.')[1];
    const forged = await a.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `sasaeai_session=${a.m}.${token}` } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('unauthenticated');
  });

  it("signing in to A with B's login ID and password fails: accounts belong to their municipality", async () => {
    const res = await a.anon.post('/api/auth/login', { loginId: bLoginId, password: 'kawa-no-nagare-7729' });
    expect(res.statusCode).toBe(401);
    // The same person can name B explicitly; the session then belongs to B.
    const explicit = await a.anon.post('/api/auth/login', { loginId: 'csw-mine', password: TEST_PASSWORD, municipalityCode: b.m });
    expect(explicit.json().municipalityCode).toBe(b.m);
  });
});
