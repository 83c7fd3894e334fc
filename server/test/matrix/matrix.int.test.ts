import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes, type RouteEntry } from '../../app';
import { decodeCp932 } from '../../platform/cp932';
import { type Agent, type TestTenant, testEngine, testTenant } from '../harness';
import { buildFixture, type MatrixFixture } from './fixture';
import { KNOWN_DIVERGENCES, ROUTE_TABLE, type RouteRow } from './routes.table';
import { expectedAccess, type MatrixActor, permissionsOf, type Placed, relationOf } from './visibility';

/**
 * The authorization matrix (issue #14 §13, decision 0019): every role × every route that is not
 * public, then every actor × every record of the fixture × every route that shows records, judged
 * against the expectations written as data (routes.table.ts, visibility.ts). Lists and exports are
 * judged by content; detail routes by 200/404; every route by its permission (403 with an
 * `access.denied` audit row exactly when the role lacks it).
 */
let t: TestTenant;
let fx: MatrixFixture;
let routes: RouteEntry[];
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  fx = await buildFixture(t);
  routes = listRoutes(t.app).filter((r) => !('public' in r.auth));
}, 120_000);
afterAll(() => t.close());

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

interface Tally {
  tried: number;
  allowed: number;
  denied: number;
  leaks: string[];
  overDenials: string[];
  serverErrors: string[];
}
const tally = (): Tally => ({ tried: 0, allowed: 0, denied: 0, leaks: [], overDenials: [], serverErrors: [] });

function inject(agent: Agent, method: string, url: string): Promise<LightMyRequestResponse> {
  const write = method !== 'GET';
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: agent.cookie, ...(write ? { 'x-csrf-token': agent.csrfToken, 'content-type': 'application/json' } : {}) },
    ...(write ? { payload: '{}' } : {}),
  });
}

/** Calls each URL of a probe; the answers are read as one (the first failure, else every body together). */
async function probeAll(agent: Agent, method: string, urls: readonly string[]): Promise<LightMyRequestResponse> {
  const all: LightMyRequestResponse[] = [];
  for (const u of urls) all.push(await inject(agent, method, u));
  if (all.length === 1) return all[0]!;
  const first = all.find((r) => r.statusCode !== 200) ?? all[0]!;
  const body = all.map((r) => r.body).join('\n');
  return { ...first, statusCode: first.statusCode, headers: first.headers, body, rawPayload: Buffer.from(body), json: () => JSON.parse(first.body) } as LightMyRequestResponse;
}

/** A known divergence is listed with its issue item; it must still reproduce (else remove it), and is not counted as new. */
function split(found: string[]): { known: string[]; fresh: string[] } {
  const known = found.filter((f) => KNOWN_DIVERGENCES.some((k) => f.startsWith(k.probe)));
  return { known, fresh: found.filter((f) => !known.includes(f)) };
}

describe('the expectation table', () => {
  it('has one row for every route that is not public, none for a route that does not exist, and the permission each route declares', () => {
    const registered = new Map(routes.map((r) => [keyOf(r), r]));
    const missing = [...registered.keys()].filter((k) => !(k in ROUTE_TABLE));
    const extra = Object.keys(ROUTE_TABLE).filter((k) => !registered.has(k));
    expect(missing, 'routes without a row in server/test/matrix/routes.table.ts').toEqual([]);
    expect(extra, 'rows for routes that are not registered').toEqual([]);
    const differs = [...registered].filter(([k, r]) => 'permission' in r.auth && r.auth.permission !== ROUTE_TABLE[k]!.permission).map(([k, r]) => `${k}: declares ${'permission' in r.auth ? r.auth.permission : '?'}, table says ${ROUTE_TABLE[k]!.permission}`);
    expect(differs).toEqual([]);
  });
});

describe(`authorization matrix (${testEngine})`, () => {
  it('every role × every route: 403 and an access.denied audit row exactly when the role lacks the permission the table names; never a 5xx', async () => {
    const s = tally();
    const started = await t.db.query<{ id: number }>('SELECT COALESCE(max(audit_id), 0) AS id FROM audit_events WHERE municipality_code = $1', [t.m]);
    const probes: { actor: MatrixActor; route: RouteEntry; row: RouteRow; status: number; body: string }[] = [];
    for (const route of routes) {
      const row = ROUTE_TABLE[keyOf(route)]!;
      const url = route.url.replace(/:[A-Za-z]+/g, 'matrix-probe');
      for (const actor of fx.actors) {
        const res = await inject(fx.agents[actor.login]!, route.method, url);
        probes.push({ actor, route, row, status: res.statusCode, body: res.body });
      }
    }
    const { rows } = await t.db.query<{ actor_login_id: string; subject_id: string }>(
      "SELECT actor_login_id, subject_id FROM audit_events WHERE municipality_code = $1 AND action = 'access.denied' AND audit_id > $2",
      [t.m, Number(started.rows[0]!.id)],
    );
    const deniedRows = new Set(rows.map((r) => `${r.actor_login_id} ${r.subject_id}`));
    for (const p of probes) {
      s.tried++;
      const expectAllow = permissionsOf(p.actor.role).has(p.row.permission);
      const gotDenied = p.status === 403 && deniedRows.has(`${p.actor.login} ${keyOf(p.route)}`);
      const what = `${keyOf(p.route)} as ${p.actor.login} (${p.actor.role}) → ${p.status}`;
      if (p.status >= 500) s.serverErrors.push(`${what} ${p.body.slice(0, 120)}`);
      if (gotDenied) s.denied++;
      else s.allowed++;
      if (expectAllow && gotDenied) s.overDenials.push(what);
      if (!expectAllow && !gotDenied) s.leaks.push(what);
    }
    console.info(`[matrix ${testEngine}] role × route: tried ${s.tried}, allowed ${s.allowed}, denied ${s.denied}, leaks ${s.leaks.length}, over-denials ${s.overDenials.length}, 5xx ${s.serverErrors.length}`);
    expect(s.tried).toBe(routes.length * fx.actors.length);
    expect(s.leaks).toEqual([]);
    expect(s.overDenials).toEqual([]);
    expect(s.serverErrors).toEqual([]);
  }, 300_000);

  it('every actor × every record × every route that shows it: detail 200 or 404, lists and exports contain it exactly when the rules say it may be seen', async () => {
    const s = tally();
    const byRelation = new Map<string, number>();
    const rows = Object.entries(ROUTE_TABLE).filter(([, r]) => r.probe && r.record !== 'none');
    for (const [key, row] of rows) {
      const method = key.split(' ')[0]!;
      for (const rec of fx.records.filter((x) => x.kind === row.record)) {
        for (const actor of fx.actors) {
          const urls = [row.probe!].flat().map((u) => u.replace('{id}', encodeURIComponent(rec.id)).replace('{name}', encodeURIComponent(rec.token)));
          const url = urls.join(' + ');
          const res = await probeAll(fx.agents[actor.login]!, method, urls);
          const hasPermission = permissionsOf(actor.role).has(row.permission);
          const access = hasPermission ? expectedAccess(actor, rec, row.relations) : null;
          const relation = relationOf(actor, rec);
          byRelation.set(relation, (byRelation.get(relation) ?? 0) + 1);
          s.tried++;
          const what = `${key} [${url}] as ${actor.login} (${actor.role}, ${relation}) on ${rec.label} → ${res.statusCode}`;
          if (res.statusCode >= 500) {
            s.serverErrors.push(`${what} ${res.body.slice(0, 160)}`);
            continue;
          }
          const seen = judge(row, res, rec);
          if (seen) s.allowed++;
          else s.denied++;
          if (!hasPermission && res.statusCode !== 403) s.leaks.push(`${what} (no permission, expected 403)`);
          else if (hasPermission && access !== null && !seen) s.overDenials.push(`${what} (expected to see it by ${access})`);
          else if (hasPermission && access === null && seen) s.leaks.push(`${what} (expected not to see it)`);
        }
      }
    }
    const leaks = split(s.leaks);
    const over = split(s.overDenials);
    console.info(`[matrix ${testEngine}] actor × record × route: tried ${s.tried}, seen ${s.allowed}, not seen ${s.denied}, leaks ${s.leaks.length} (known ${leaks.known.length}), over-denials ${s.overDenials.length} (known ${over.known.length}), 5xx ${s.serverErrors.length}`);
    console.info(`[matrix ${testEngine}] probes by relation: ${[...byRelation].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    for (const k of KNOWN_DIVERGENCES) expect([...leaks.known, ...over.known].some((f) => f.startsWith(k.probe)), `known divergence no longer reproduces (remove it): ${k.probe}`).toBe(true);
    expect(leaks.fresh).toEqual([]);
    expect(over.fresh).toEqual([]);
    expect(s.serverErrors).toEqual([]);
  }, 300_000);

  it('statistics by count: a new consultation in 美東 changes the figures of exactly those who may see it', async () => {
    const able = fx.actors.filter((a) => permissionsOf(a.role).has('consultations.stats'));
    const read = async (a: MatrixActor) => {
      const res = await inject(fx.agents[a.login]!, 'GET', '/api/stats/consultations');
      expect(res.statusCode, `${a.login}: ${res.body}`).toBe(200);
      return res.body;
    };
    const before = new Map<string, string>();
    for (const a of able) before.set(a.login, await read(a));
    const res = await fx.agents['district-mito']!.post('/api/consultations', { channel: 'phone', categories: ['poverty'], summary: '行列相談三 統計の確認' });
    expect(res.statusCode, res.body).toBe(201);
    const rec: Placed = { kind: 'consultation', label: 'new consultation in 美東', id: res.json().id, token: '行列相談三', ownerUnit: 'district-mito', area: null, accounts: [], grantUnits: [], grantLogins: [], relations: {} };
    const leaks: string[] = [];
    const counted: string[] = [];
    for (const a of able) {
      const changed = (await read(a)) !== before.get(a.login);
      if (changed) counted.push(a.login);
      if (changed && expectedAccess(a, rec, []) === null) leaks.push(`${a.login} (${a.role}, ${relationOf(a, rec)}) counts a consultation it may not see`);
    }
    console.info(`[matrix ${testEngine}] statistics: ${able.length} actors, counted by ${counted.join(', ')}, leaks ${leaks.length}`);
    expect(leaks).toEqual([]);
    expect(counted, 'the owning district counts its own consultation').toContain('district-mito');
  });

  it('notifications by content: no actor is told of a record they may not see', async () => {
    let tried = 0;
    let mentioned = 0;
    const leaks: string[] = [];
    for (const actor of fx.actors) {
      const res = await inject(fx.agents[actor.login]!, 'GET', '/api/notifications');
      expect(res.statusCode, `${actor.login}: ${res.body}`).toBe(200);
      for (const rec of fx.records) {
        tried++;
        if (!res.body.includes(rec.id)) continue;
        mentioned++;
        if (expectedAccess(actor, rec, undefined) === null) leaks.push(`${actor.login} (${actor.role}, ${relationOf(actor, rec)}) is told of ${rec.label}`);
      }
    }
    console.info(`[matrix ${testEngine}] notifications: tried ${tried} (actor × record), mentioned ${mentioned}, leaks ${leaks.length}`);
    expect(mentioned, 'the fixture made notifications about its records (a referral, an escalation)').toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});

/** Whether the answer shows the record: a detail by its status, a list or export by its content. */
function judge(row: RouteRow, res: LightMyRequestResponse, rec: Placed): boolean {
  if (res.statusCode === 403 || res.statusCode === 404) return false;
  if (row.check === 'detail') return res.statusCode === 200;
  if (res.statusCode !== 200) return false;
  const csv = /csv|shift_jis|windows-31j/i.test(String(res.headers['content-type'] ?? ''));
  const text = csv ? `${res.body}\n${decodeCp932(res.rawPayload)}` : res.body;
  return text.includes(rec.id) || text.includes(rec.token);
}
