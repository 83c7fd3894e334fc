import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, lastAuditId, loginAll } from './factories';
import type { Agent, TestTenant } from './harness';
import { testTenant } from './harness';

/**
 * Issue 14 item 10: every denial is audited — a CSRF failure, an unauthenticated call to a route of
 * personal data (a few a minute per address, so they cannot flood the log), a reference to a person
 * or household out of reach, an unknown id — and the request id is always the server's.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let mitoPerson: string;

beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['csw-mine', 'csw-mito', 'city-admin']);
  const p = await as['csw-mito']!.post('/api/people', { familyName: '美東', givenName: '太郎', familyNameKana: 'ミトウ', givenNameKana: 'タロウ', birthDate: '1950-01-01', address: '美祢市美東町大田1' });
  expect(p.statusCode, p.body).toBe(201);
  mitoPerson = p.json().id;
});
afterAll(() => t.close());

describe('every denial is audited', () => {
  it('a write with a session but no CSRF token is 403 csrf_invalid, audited as the actor', async () => {
    const agent = as['csw-mine']!;
    const res = await t.app.inject({ method: 'POST', url: '/api/people', headers: { cookie: agent.cookie }, payload: { familyName: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_invalid');
    const [row] = (await auditRows(t, { action: 'access.denied', actor: 'csw-mine' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'denied', subject_id: 'POST /api/people', details: { reason: 'csrf', tokenSent: false } });
  });

  it('a call without a session to a route of personal data is audited; a flood from one address leaves only a few rows', async () => {
    const from = '192.0.2.90';
    const first = await t.app.inject({ method: 'GET', url: '/api/people?q=x', remoteAddress: from });
    expect(first.statusCode).toBe(401);
    const rows = () => t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE municipality_code = $1 AND action = 'access.unauthenticated' AND ip = $2`, [t.m, from]);
    expect((await rows()).rows[0]!.n).toBe(1);
    for (let i = 0; i < 50; i++) expect((await t.app.inject({ method: 'GET', url: '/api/people?q=x', remoteAddress: from })).statusCode).toBe(401);
    const n = (await rows()).rows[0]!.n;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThanOrEqual(20); // ten a minute (the 51 calls may straddle two minutes)
    // A public route, or a route without personal data, is not recorded.
    const before = await lastAuditId(t);
    await t.app.inject({ method: 'GET', url: '/api/org/units', remoteAddress: '192.0.2.91' });
    expect(await lastAuditId(t)).toBe(before);
  });

  it('a consultation naming a person out of reach is 400 naming personId, nothing written, and the attempt audited', async () => {
    const before = await lastAuditId(t);
    const res = await as['csw-mine']!.post('/api/consultations', { channel: 'phone', categories: ['elderly_care'], summary: '相談', personId: mitoPerson, consent: 'given', consentScope: [] });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ path: ['personId'], code: 'not_found' })]);
    const rows = await auditRows(t, { afterId: before });
    expect(rows).toEqual([expect.objectContaining({ action: 'access.denied', outcome: 'denied', actor_login_id: 'csw-mine', subject_type: 'person', subject_id: mitoPerson, details: { reason: 'reference_not_visible', field: 'personId' } })]);
    const { rows: made } = await t.db.query(`SELECT 1 FROM consultations WHERE municipality_code = $1 AND person_id = $2`, [t.m, mitoPerson]);
    expect(made).toEqual([]);
  });

  it('a household out of reach is the same', async () => {
    const res = await as['csw-mine']!.post('/api/people', { familyName: '大嶺', givenName: '花', familyNameKana: 'オオミネ', givenNameKana: 'ハナ', birthDate: '1960-01-01', householdId: 'no-such-household' });
    expect(res.statusCode, res.body).toBe(400);
    const [row] = (await auditRows(t, { action: 'access.denied', actor: 'csw-mine' })).slice(-1);
    expect(row).toMatchObject({ subject_type: 'household', subject_id: 'no-such-household', details: { reason: 'reference_not_visible' } });
  });

  it('an unknown id is 404 with a denied row: a person (the gate) and a staff account', async () => {
    expect((await as['csw-mine']!.get('/api/people/no-such-person')).statusCode).toBe(404);
    expect((await auditRows(t, { subjectId: 'no-such-person' })).slice(-1)[0]).toMatchObject({ outcome: 'denied' });
    expect((await as['city-admin']!.get('/api/accounts/no-such-account')).statusCode).toBe(404);
    expect((await auditRows(t, { subjectId: 'no-such-account' })).slice(-1)[0]).toMatchObject({ action: 'account.read', outcome: 'denied', details: { reason: 'not_found' } });
  });

  it('the request id in the audit is the server\'s, whatever X-Request-Id the client sends', async () => {
    const res = await as['csw-mine']!.get('/api/people/no-such-person-2', { 'x-request-id': 'client-chosen-id-0001' });
    expect(res.headers['x-request-id']).not.toBe('client-chosen-id-0001');
    const { rows } = await t.db.query<{ request_id: string }>(`SELECT request_id FROM audit_events WHERE municipality_code = $1 AND subject_id = 'no-such-person-2'`, [t.m]);
    expect(rows.map((r) => r.request_id)).toEqual([res.headers['x-request-id']]);
  });
});
