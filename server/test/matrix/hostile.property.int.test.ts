import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponse } from '../../../core/contracts/common';
import { listRoutes, type RouteEntry } from '../../app';
import { accountInput, leakIn, unitInput, uniqueId } from '../factories';
import { nextClientIp, type TestTenant, testEngine, testTenant } from '../harness';
import { buildFixture, type MatrixFixture, planInput } from './fixture';
import { hostileBody, hostileParam, hostileQuery, hostileValue, percentEncode, seededBody } from './hostile';
import { ROUTE_TABLE } from './routes.table';
import { expectedAccess, permissionsOf } from './visibility';

/**
 * Hostile input for every route (issue #14 §14, decision 0019), generated from its zod contracts
 * (body, query, params) by hostile.ts, sent by an actor who may call the route (the public for
 * public routes): never a 5xx, every error in the one shape `{code, message, issues?}` with nothing
 * internal in it, and a refused request writes nothing — no table of the municipality changes and
 * no `allowed` audit row appears. Bounded: a fixed seed, RUNS inputs per route.
 */
const RUNS = 20;
const SEED = 14;

/** Public routes that take input (the rest of the public routes are static files and documents). */
const PUBLIC_WITH_INPUT = [
  'POST /api/auth/login', 'POST /api/public/consultations', 'POST /api/public/helpers', 'GET /api/public/services', 'GET /api/public/services/:id',
  'GET /api/public/consultation-form', 'GET /api/public/helper-form', 'GET /api/public/areas', 'GET /api/hsds/services', 'GET /api/hsds/services/:id', 'GET /api/hsds/organizations',
  'GET /api/hsds/organizations/:id', 'GET /api/hsds/taxonomies', 'GET /api/hsds/taxonomies/:id', 'GET /api/hsds/taxonomy_terms', 'GET /api/hsds/taxonomy_terms/:id',
];

/**
 * Known-good bodies of the routes whose text reaches the database (issue #14 §9 names them), so a
 * hostile text leaf is not stopped earlier by a missing reference. `fx` gives the fixture's records.
 */
const SEEDS: Record<string, (f: MatrixFixture) => unknown> = {
  'POST /api/org/units': () => unitInput(),
  'POST /api/org/areas': () => ({ id: uniqueId('area'), kind: 'commissioner-zone', nameJa: 'テスト担当区域', unitId: 'district-omine' }),
  'POST /api/accounts': () => accountInput(),
  'POST /api/people': () => ({ familyName: '敵対', givenName: uniqueId('g').slice(0, 12), familyNameKana: 'テキタイ', givenNameKana: 'ハナコ', birthDate: '1950-04-01', address: '美祢市大嶺町東分1-1' }),
  'POST /api/consultations': () => ({ channel: 'phone', categories: ['poverty'], summary: '敵対入力の確認' }),
  'POST /api/consultations/:id/notes': () => ({ kind: 'note', body: '敵対入力の記録' }),
  'PUT /api/consultations/:id/assessment': () => ({ domains: [], risk: 'high', summary: '課題を整理する', expectedVersion: 0 }),
  'PUT /api/consultations/:id/plan': () => ({ goals: [{ text: '課題を整理する' }], actions: [], reviewDate: '2030-01-01', expectedVersion: 0 }),
  'POST /api/consultations/:id/escalations': () => ({ reason: '敵対入力の確認' }),
  'POST /api/directory/organizations': () => ({ name: '敵対入力の団体', description: '説明' }),
  'POST /api/people/:id/merge': (f) => ({ mergeId: f.records.find((r) => r.kind === 'person' && r.label.includes('伊佐'))!.id, reason: '重複登録' }),
  'POST /api/watch/plans': (f) => planInput(f.records.find((r) => r.kind === 'person' && r.label.includes('民生委員'))!.id),
  'POST /api/public/consultations': () => ({ municipalityCode: t.m, categories: ['elderly_care'], summary: '敵対入力の相談', name: '敵対 花子', address: '美祢市大嶺町東分1-1' }),
};

let t: TestTenant;
let fx: MatrixFixture;
let byKey: Map<string, RouteEntry>;
let footprintSql: string;
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  fx = await buildFixture(t);
  byKey = new Map(listRoutes(t.app).map((r) => [`${r.method} ${r.url}`, r]));
  // Every table of the municipality but the audit log (checked by outcome) and sign-in bookkeeping
  // (a refused sign-in is counted in login_failures by design: issue 14 item 11).
  const { rows } = await t.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'municipality_code' AND table_schema = current_schema()
        AND table_name NOT IN ('audit_events', 'audit_seals', 'audit_anchors', 'sessions', 'login_attempts', 'login_failures')
        AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = current_schema())
      ORDER BY table_name`,
  );
  // One query: the row count of each table and the number of `allowed` audit rows.
  const counts = [...rows.map((r) => `(SELECT count(*) FROM ${r.table_name} WHERE municipality_code = $1)`), `(SELECT count(*) FROM audit_events WHERE municipality_code = $1 AND outcome = 'allowed')`];
  footprintSql = `SELECT ${counts.join(" || ',' || ")} AS f`;
}, 120_000);
afterAll(() => t.close());

/** Every table's row count and the allowed audit rows of the municipality, as one string. */
const footprint = async () => String((await t.db.query<{ f: string }>(footprintSql, [t.m])).rows[0]!.f);

/** The actor for a route: the first of the fixture with the permission, preferring one that sees a record of the row's type. */
function actorFor(key: string): { login: string | null; recordId: string | null } {
  const row = ROUTE_TABLE[key];
  if (!row) return { login: null, recordId: null };
  const able = fx.actors.filter((a) => permissionsOf(a.role).has(row.permission));
  for (const a of able) {
    const rec = fx.records.find((r) => r.kind === row.record && expectedAccess(a, r, undefined) !== null);
    if (rec) return { login: a.login, recordId: rec.id };
  }
  return { login: able[0]?.login ?? null, recordId: null };
}

interface Sent {
  url: string;
  payload?: unknown;
}

function send(key: string, login: string | null, req: Sent): Promise<LightMyRequestResponse> {
  const method = key.split(' ')[0] as 'GET';
  const write = method !== 'GET';
  const agent = login ? fx.agents[login]! : null;
  const headers: Record<string, string> = agent ? { cookie: agent.cookie, ...(write ? { 'x-csrf-token': agent.csrfToken } : {}) } : {};
  if (write) headers['content-type'] = 'application/json';
  return t.app.inject({ method, url: req.url, headers, remoteAddress: nextClientIp(), ...(write ? { payload: JSON.stringify(req.payload ?? null) ?? 'null' } : {}) });
}

const keys = [...Object.keys(ROUTE_TABLE), ...PUBLIC_WITH_INPUT];

describe(`hostile input from the zod contracts (${testEngine})`, () => {
  const tally = { tried: 0, refused: 0, accepted: 0 };
  afterAll(() => console.info(`[hostile ${testEngine}] ${keys.length} routes, tried ${tally.tried}, refused ${tally.refused} (4xx), accepted ${tally.accepted} (2xx)`));

  for (const key of keys) {
    it(key, async () => {
      const route = byKey.get(key);
      expect(route, `${key} is registered`).toBeDefined();
      const { login, recordId } = 'public' in route!.auth ? { login: null, recordId: null } : actorFor(key);
      if (!('public' in route!.auth)) expect(login, `an actor of the fixture may call ${key}`).not.toBeNull();
      const method = key.split(' ')[0]!;
      const names = [...route!.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const schema = route!.schema ?? {};
      const params = fc.record(Object.fromEntries(names.map((n) => [n, fc.oneof({ arbitrary: fc.constant(recordId ?? 'matrix-probe'), weight: 2 }, { arbitrary: hostileParam, weight: 1 })])));
      const query = schema.querystring ? hostileQuery(schema.querystring) : fc.oneof(fc.constant(''), hostileParam.map((v) => `x=${percentEncode(v)}`));
      const seed = SEEDS[key];
      const generated = schema.body ? hostileBody(schema.body) : hostileValue;
      const body = method === 'GET' ? fc.constant(undefined) : seed ? fc.oneof(generated, seededBody(() => seed(fx))) : generated;
      // The footprint after the previous request: one query per request.
      let before = await footprint();
      await fc.assert(
        fc.asyncProperty(params, query, body, async (p, q, b) => {
          let url = route!.url;
          for (const n of names) url = url.replace(`:${n}`, percentEncode(String(p[n])));
          if (q) url += `?${q}`;
          const res = await send(key, login, { url, payload: b });
          const after = await footprint();
          const was = before;
          before = after;
          tally.tried++;
          const shown = `${key} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, shown).toBeLessThan(500);
          if (res.statusCode >= 400) {
            tally.refused++;
            expect(ErrorResponse.safeParse(res.json()).success, `error shape: ${shown}`).toBe(true);
            expect(leakIn(res.body), shown).toBeNull();
            expect(after, `a refused request changed a table or left an allowed audit row: ${shown}`).toBe(was);
          } else tally.accepted++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }, 120_000);
  }
});
