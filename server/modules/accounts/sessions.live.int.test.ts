import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { type Db, openPostgres, type Queryable, type QueryOptions } from '../../platform/db';
import { accountIdOf, createAccount, sessionHashOf, STRONG_PASSWORD } from '../../test/factories';
import { type Agent, nextClientIp, SECOND_ADMIN, TEST_PASSWORD, testEngine, type TestTenant, testTenant } from '../../test/harness';
import type { RequestContext } from '../../platform/http';
import { authenticate, presentMe, touchEverySeconds } from './sessions.service';

/**
 * The session lookup reads everything live, in one statement per request (no cache,
 * docs/decisions/0007-session-lookup.md): whatever an administrator changes holds from the
 * person's very next request, even when the change went through another app process. On
 * PostgreSQL "the other process" is a second app over its own connection pool; the embedded
 * database is one process by design (its folder is locked), so there both apps share it.
 */
let t: TestTenant;
let other: { app: FastifyInstance; db: Db; close(): Promise<void> };
let admin: Agent;

async function secondProcess(tenant: TestTenant) {
  const url = process.env.TEST_DATABASE_URL;
  const db = url ? openPostgres(url, 2) : tenant.db;
  const app = await buildApp({ db, config: tenant.config, logger: false });
  return { app, db, close: async () => { await app.close(); if (url) await db.close(); } };
}

/** Signs in through `app` and returns an agent that sends its requests there. */
async function signInOn(app: FastifyInstance, loginId: string, password = TEST_PASSWORD): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: nextClientIp(), payload: { loginId, password } });
  if (res.statusCode !== 200) throw new Error(`login ${loginId} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
  const csrfToken = res.json().csrfToken as string;
  const send = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown, extra: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrfToken, ...extra }, ...(body === undefined ? {} : { payload: body as object }) });
  const agent = {
    loginId,
    cookie,
    sessionCookie: cookie.slice(cookie.indexOf('=') + 1),
    csrfToken,
    get: (url: string, extra: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...extra } }),
    post: send('POST'),
    patch: send('PATCH'),
    put: send('PUT'),
    tenant: t,
  };
  return agent as Agent;
}

const sessionExists = async (agent: Agent) =>
  (await t.db.query('SELECT 1 FROM sessions WHERE municipality_code = $1 AND session_hash = $2', [t.m, sessionHashOf(agent)])).rows.length === 1;

/** A fresh staff member (two-factor is off in this tenant, so their session is a full one at once). */
async function staffMember(overrides: Record<string, unknown>) {
  const account = await createAccount(admin, overrides);
  return { account, agent: await t.login(account.loginId, account.password) };
}

let personOfOmine: string;
let personOfMito: string;
let personOfZone2: string;
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  other = await secondProcess(t);
  admin = await signInOn(other.app, 'city-admin');
  const person = async (body: Record<string, unknown>) => {
    const res = await admin.post('/api/people', { familyName: '即時', familyNameKana: 'ソクジ', givenNameKana: 'ハナコ', birthDate: '1950-04-01', ...body });
    if (res.statusCode !== 201) throw new Error(`person: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  personOfOmine = await person({ givenName: '大嶺', ownerUnitId: 'district-omine' });
  personOfMito = await person({ givenName: '美東', ownerUnitId: 'district-mito' });
  personOfZone2 = await person({ givenName: '二区', ownerUnitId: 'district-omine', areaId: 'zone-omine-2' });
});
afterAll(async () => {
  await other.close();
  await t.close();
});

describe(`a change through one app process holds from the next request in another (${testEngine})`, () => {
  it('signing out through one process ends the session in the other at once', async () => {
    const here = await t.login('csw-mito');
    const there = await signInOn(other.app, 'csw-mito');
    expect((await here.get('/api/me')).statusCode).toBe(200);
    // The same cookie, signed out through the other process.
    const out = await other.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: here.cookie, 'x-csrf-token': here.csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await here.get('/api/me')).json().code).toBe('unauthenticated');
    expect((await there.get('/api/me')).statusCode).toBe(200); // a sign-out ends one session, not the person's others
  });

  it('disabling an account in one process: its next request in the other answers 401 and the session is gone', async () => {
    const { account, agent } = await staffMember({ roles: ['csw'], unitIds: ['centre-mine'] });
    expect((await agent.get(`/api/people/${personOfOmine}`)).statusCode).toBe(200);
    expect((await admin.patch(`/api/accounts/${account.id}`, { isActive: false })).statusCode).toBe(200);
    expect((await agent.get(`/api/people/${personOfOmine}`)).statusCode).toBe(401);
    expect(await sessionExists(agent)).toBe(false);
  });

  it('a role change applies to the very next request: the permissions in /api/me change and a route the old role allowed answers 403', async () => {
    const { account, agent } = await staffMember({ roles: ['csw'], unitIds: ['centre-mine'] });
    expect((await agent.get('/api/me')).json().permissions).toContain('conferences.convene');
    const asked = await admin.patch(`/api/accounts/${account.id}`, { roles: ['auditor'], unitIds: ['division'] });
    expect(asked.statusCode).toBe(200);
    // The auditor role waits for a second administrator (decision 0018), who approves it in the other process too.
    const second = await signInOn(other.app, SECOND_ADMIN);
    expect((await second.post(`/api/accounts/changes/${asked.json().pendingChanges[0].id}/approve`)).statusCode).toBe(200);
    const me = (await agent.get('/api/me')).json();
    expect(me.roles).toEqual(['auditor']);
    expect(me.permissions).not.toContain('people.read');
    expect((await agent.get(`/api/people/${personOfOmine}`)).statusCode).toBe(403);
  });

  it('a unit change moves the reach at once: a CSW moved from 美祢 to 美東 loses the 大嶺 resident and gains the 美東 one', async () => {
    const { account, agent } = await staffMember({ roles: ['csw'], unitIds: ['centre-mine'] });
    expect((await agent.get(`/api/people/${personOfOmine}`)).statusCode).toBe(200);
    expect((await agent.get(`/api/people/${personOfMito}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/accounts/${account.id}`, { unitIds: ['centre-mito'] })).statusCode).toBe(200);
    expect((await agent.get(`/api/people/${personOfOmine}`)).statusCode).toBe(404);
    expect((await agent.get(`/api/people/${personOfMito}`)).statusCode).toBe(200);
    expect((await agent.get('/api/me')).json().units.map((u: { id: string }) => u.id)).toEqual(['centre-mito']);
  });

  it('moving a district under another centre changes both centres\' subtree from the next request', async () => {
    const mine = (await staffMember({ roles: ['csw'], unitIds: ['centre-mine'] })).agent;
    const mito = (await staffMember({ roles: ['csw'], unitIds: ['centre-mito'] })).agent;
    expect((await mito.get(`/api/people/${personOfOmine}`)).statusCode).toBe(404);
    expect((await admin.patch('/api/org/units/district-omine', { parentId: 'centre-mito' })).statusCode).toBe(200);
    try {
      expect((await mito.get(`/api/people/${personOfOmine}`)).statusCode).toBe(200);
      expect((await mine.get(`/api/people/${personOfOmine}`)).statusCode).toBe(404);
    } finally {
      expect((await admin.patch('/api/org/units/district-omine', { parentId: 'centre-mine' })).statusCode).toBe(200);
    }
    expect((await mine.get(`/api/people/${personOfOmine}`)).statusCode).toBe(200);
  });

  it('an area change: a 民生委員 given another zone sees its residents from the next request and no longer the old zone\'s', async () => {
    const { account, agent } = await staffMember({ roles: ['commissioner'], unitIds: ['district-omine'], areaIds: ['zone-omine-1'] });
    expect((await agent.get(`/api/people/${personOfZone2}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/accounts/${account.id}`, { areaIds: ['zone-omine-2'] })).statusCode).toBe(200);
    expect((await agent.get(`/api/people/${personOfZone2}`)).statusCode).toBe(200);
    expect((await admin.patch(`/api/accounts/${account.id}`, { areaIds: [] })).statusCode).toBe(200);
    expect((await agent.get(`/api/people/${personOfZone2}`)).statusCode).toBe(404);
  });

  it('a two-factor reset ends every session of the account at once', async () => {
    const { account, agent } = await staffMember({ roles: ['district_member'], unitIds: ['district-isa'] });
    const second = await signInOn(other.app, account.loginId, account.password);
    expect((await admin.patch(`/api/accounts/${account.id}`, { resetTotp: true })).statusCode).toBe(200);
    for (const a of [agent, second]) {
      expect((await a.get('/api/me')).statusCode).toBe(401);
      expect(await sessionExists(a)).toBe(false);
    }
  });

  it('a term that ended yesterday (Japan time) ends the session on its next request; a term ending today still works', async () => {
    const { account, agent } = await staffMember({ roles: ['commissioner'], unitIds: ['district-omine'], areaIds: ['zone-omine-1'] });
    const { rows } = await t.db.query<{ today: string; yesterday: string }>(
      `SELECT (now() AT TIME ZONE 'Asia/Tokyo')::date::text AS today, ((now() AT TIME ZONE 'Asia/Tokyo')::date - 1)::text AS yesterday`,
    );
    expect((await admin.patch(`/api/accounts/${account.id}`, { termEndsOn: rows[0]!.today })).statusCode).toBe(200);
    expect((await agent.get('/api/me')).statusCode).toBe(200);
    expect((await admin.patch(`/api/accounts/${account.id}`, { termEndsOn: rows[0]!.yesterday })).statusCode).toBe(200);
    const res = await agent.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
    expect(await sessionExists(agent)).toBe(false);
  });

  it('a lockout after failed sign-ins refuses new sign-ins but leaves the session already in use working', async () => {
    // Anyone who knows a login ID can cause a lockout; ending the owner's session for it would let
    // a stranger sign a worker out mid-visit. Disabling the account is how a session is ended.
    const { account, agent } = await staffMember({ roles: ['district_member'], unitIds: ['district-isa'] });
    // Failures count per login ID and address (decision 0018): all from one address here.
    const from = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.201', payload: { loginId: account.loginId, password } });
    for (let i = 0; i < t.config.loginMaxFailures; i++) await from('wrong-password-guess');
    const refused = await from(account.password);
    expect(refused.json().code).toBe('account_locked');
    expect((await agent.get('/api/me')).statusCode).toBe(200);
  });

  it('a password change through one process ends the other sessions, which the other process then refuses', async () => {
    const { account, agent } = await staffMember({ roles: ['district_member'], unitIds: ['district-isa'] });
    const there = await signInOn(other.app, account.loginId, account.password);
    const changed = await there.post('/api/me/password', { currentPassword: account.password, newPassword: `${STRONG_PASSWORD}-2` });
    expect(changed.statusCode).toBe(200);
    expect((await agent.get('/api/me')).statusCode).toBe(401);
    expect((await there.get('/api/me')).statusCode).toBe(200);
  });
});

/** A Db that records the statements sent through it. */
function recording(db: Db) {
  const sent: { sql: string; name?: string }[] = [];
  const recorder: Db = {
    ...db,
    query: (sql: string, params?: readonly unknown[], opts?: QueryOptions) => {
      sent.push({ sql, ...(opts?.name ? { name: opts.name } : {}) });
      return db.query(sql, params, opts);
    },
    transaction: (fn) => db.transaction((tx: Queryable) => fn({ query: (sql, params, opts) => (sent.push({ sql }), tx.query(sql, params, opts)) })),
  };
  return { db: recorder, sent };
}

describe('what one signed-in request costs', () => {
  it('resolving a session sends one named statement and writes nothing while it was used within the minute', async () => {
    const agent = await t.login('csw-shuho');
    const { db, sent } = recording(t.db);
    const actor = await authenticate({ db, config: t.config }, agent.sessionCookie);
    expect(actor).toMatchObject({ loginId: 'csw-shuho', reach: 'subtree', unitIds: ['centre-shuho'] });
    expect(sent).toEqual([expect.objectContaining({ name: 'session_actor' })]);
  });

  it('a session last used over a minute ago gets one write moving its idle clock; the next request a second later writes nothing', async () => {
    const agent = await t.login('csw-shuho');
    const hash = sessionHashOf(agent);
    await t.db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(secs => $3) WHERE municipality_code = $1 AND session_hash = $2`, [t.m, hash, touchEverySeconds(t.config.sessionIdleMinutes) + 5]);
    const { db, sent } = recording(t.db);
    await authenticate({ db, config: t.config }, agent.sessionCookie);
    expect(sent.map((s) => s.name)).toEqual(['session_actor', 'session_touch']);
    const { rows } = await t.db.query<{ idle: number }>('SELECT extract(epoch FROM now() - last_seen_at)::int AS idle FROM sessions WHERE municipality_code = $1 AND session_hash = $2', [t.m, hash]);
    expect(rows[0]!.idle).toBeLessThan(5);
    sent.length = 0;
    await authenticate({ db, config: t.config }, agent.sessionCookie);
    expect(sent.map((s) => s.name)).toEqual(['session_actor']);
  });

  it('the idle timeout counts from the last recorded use: idle a minute short of it still works, idle past it is expired', async () => {
    const agent = await t.login('csw-mito');
    const idle = (minutes: number) =>
      t.db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(secs => $3) WHERE municipality_code = $1 AND session_hash = $2`, [t.m, sessionHashOf(agent), Math.round(minutes * 60)]);
    await idle(t.config.sessionIdleMinutes - 1);
    expect((await agent.get('/api/me')).statusCode).toBe(200);
    await idle(t.config.sessionIdleMinutes + 1 / 60);
    expect((await agent.get('/api/me')).json().code).toBe('session_expired');
  });

  it('with a one-minute idle timeout the use is recorded every 6 seconds, so a session used every half minute stays alive', async () => {
    const short = await testTenant({ totpEnforced: false, sessionIdleMinutes: 1 });
    try {
      const agent = await short.login('csw-mine');
      const hash = sessionHashOf(agent);
      const lastSeenAgo = async () =>
        (await short.db.query<{ s: number }>('SELECT extract(epoch FROM now() - last_seen_at)::int AS s FROM sessions WHERE municipality_code = $1 AND session_hash = $2', [short.m, hash])).rows[0]!.s;
      for (let i = 0; i < 3; i++) {
        await short.db.query(`UPDATE sessions SET last_seen_at = now() - interval '30 seconds' WHERE municipality_code = $1 AND session_hash = $2`, [short.m, hash]);
        expect((await agent.get('/api/me')).statusCode).toBe(200);
        expect(await lastSeenAgo()).toBeLessThan(5);
      }
    } finally {
      await short.close();
    }
  });

  it('GET /api/me sends the session lookup and nothing else, and writes no audit row: it shows a person their own account', async () => {
    const agent = await t.login('district-isa');
    const id = await accountIdOf(t, 'district-isa');
    const { db, sent } = recording(t.db);
    const app = await buildApp({ db, config: t.config, logger: false });
    try {
      const audits = async () =>
        (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE municipality_code = $1 AND subject_id = $2', [t.m, id])).rows[0]!.n;
      const before = await audits();
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: agent.cookie } });
      expect(me.json()).toMatchObject({
        loginId: 'district-isa', roles: ['district_member'], roleNames: ['地区社協 委員'], reach: 'unit', municipalityName: '美祢市',
        units: [{ id: 'district-isa', tier: 'district' }], email: '', totpEnabled: false, termEndsOn: null,
      });
      expect(sent.map((q) => q.name ?? q.sql)).toEqual(['session_actor']);
      expect(await audits()).toBe(before);
    } finally {
      await app.close();
    }
  });

  it('an actor that other code copied still gets its profile, by one read of its own', async () => {
    const agent = await t.login('csw-mito');
    const actor = await authenticate({ db: t.db, config: t.config }, agent.sessionCookie);
    if (!actor || actor === 'expired') throw new Error('no actor');
    const { db, sent } = recording(t.db);
    const ctx = { db, locale: 'en' } as unknown as RequestContext;
    const me = await presentMe(ctx, { ...actor });
    expect(me).toMatchObject({ loginId: 'csw-mito', roleNames: ['Community social worker'], units: [{ id: 'centre-mito', tier: 'area' }] });
    expect(sent).toHaveLength(1);
    expect(await presentMe(ctx, actor)).toEqual(me); // the actor the lookup made needs no read
    expect(sent).toHaveLength(1);
  });
});
