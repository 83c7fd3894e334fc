/**
 * Consultations under a mixed load (issue #4 item 10): six signed-in users of every tier
 * (district-omine, district-isa, csw-mine, csw-mito, coordinator, commissioner-omine) over
 * 200,000 synthetic consultations (consultations-data.ts), signed in through the real API, each
 * request one of
 *   list-unit 15 %, list-mine 10 %, list-overdue 10 %   GET /api/consultations?view=unit | mine | all&overdue=1
 *   search-words 10 %, search-receipt 5 %             GET /api/consultations?q=通院 … | q=2026-01234&status=any
 *   read 30 %                                         GET /api/consultations/:id (ids the user sees)
 *   note 12 %                                         POST /api/consultations/:id/notes
 *   stage 8 %                                         POST /api/consultations/:id/stage (to another open stage)
 * over 16 keep-alive connections (the run's --concurrency).
 *
 *   consultations      through the whole app (buildApp): cookie, guard and session lookup, CSRF,
 *                      zod, the service's transaction and checks, the audit append
 *   consultations-raw  the same requests to a bare fastify route in the same process that sends
 *                      the same statements with the same parameters — recorded from the app
 *                      while it served each sample request once during setup, so they cannot
 *                      drift — minus the session lookup and the audit append, in the same
 *                      transactions: no session, guard, zod, service logic or audit
 *
 * Both pick from the same samples (user, kind, consultation) with the same weights. Notes
 * name each kind's p50/p95/p99 and the CPU time per request of this Node process and of the
 * PostgreSQL backends of the database (bench/measure.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/platform/config';
import type { Db, Queryable } from '../../server/platform/db';
import type { BenchCase, BenchEnvApi, Runner } from '../lib';
import { CpuMeter, KindStats, type MeasuredRunner } from '../measure';
import { encodeRequest, leanPool } from '../http-client';
import { benchConsultations, type ConsultationData } from './consultations-data';

export const USERS = ['district-omine', 'district-isa', 'csw-mine', 'csw-mito', 'coordinator', 'commissioner-omine'] as const;

/** The request mix, in per cent. */
export const MIX = [
  ['list-unit', 15], ['list-mine', 10], ['list-overdue', 10], ['search-words', 10], ['search-receipt', 5], ['read', 30], ['note', 12], ['stage', 8],
] as const;
type Kind = (typeof MIX)[number][0];
const KINDS: readonly Kind[] = MIX.map(([k]) => k);
const SEARCH_WORDS = ['通院', '買い物', '家賃', '認知症', '見守り', 'ゴミ'];
const OPEN_STAGES = ['received', 'assessing', 'planning', 'supporting', 'monitoring'] as const;
/** Samples per user of reads, notes and stage changes. */
const READS = 24;
const WRITES = 8;

interface Statement {
  sql: string;
  params: unknown[];
  /** Which transaction of the request it ran in; null: outside any. */
  tx: number | null;
  /** Parameters the app made up for this request (a new event's UUID): fresh on every replay. */
  fresh: number[];
}

interface Sample {
  user: string;
  kind: Kind;
  /** The consultation of a read or write. */
  id: string | null;
  /** The request, encoded once (stage changes are encoded per call: their target changes). */
  request: Buffer | null;
  method: 'GET' | 'POST';
  path: string;
  /** The user's cookie and CSRF token. */
  headers: Record<string, string>;
  statements: Statement[];
}

interface SignedIn {
  loginId: string;
  headers: Record<string, string>;
}

interface World {
  data: ConsultationData;
  port: number;
  samples: Sample[];
  byUserKind: Map<string, Sample[]>;
  /** Each stage sample's current stage (shared: users overlap) and the ones in flight. */
  stageOf: Map<string, string>;
  inFlight: Set<string>;
  /** Reads the stage of every stage sample back from the database (the raw route's replays move them too). */
  syncStages: () => Promise<void>;
  notes: string[];
  close: () => Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The mix of this run: MIX, or BENCH_CONSULTATIONS_MIX as `kind=weight,…` (e.g.
 * `read=60,note=25,stage=15` to leave out the lists and the search and see what the rest costs).
 */
export function mixOf(env: NodeJS.ProcessEnv = process.env): readonly (readonly [Kind, number])[] {
  const raw = env.BENCH_CONSULTATIONS_MIX;
  if (!raw) return MIX;
  return raw.split(',').map((part) => {
    const [k, w] = part.split('=');
    if (!KINDS.includes(k as Kind) || !(Number(w) > 0)) throw new Error(`BENCH_CONSULTATIONS_MIX: "${part}" is not kind=weight (kinds: ${KINDS.join(', ')})`);
    return [k as Kind, Number(w)] as const;
  });
}

/** Weighted choice of a kind, then a user with samples of it, then one of them. */
function picker(byUserKind: Map<string, Sample[]>): () => Sample {
  const cumulative: [Kind, number][] = [];
  let sum = 0;
  for (const [k, w] of mixOf()) cumulative.push([k, (sum += w)]);
  return () => {
    for (;;) {
      const x = Math.random() * sum;
      const kind = (cumulative.find(([, c]) => x < c) ?? cumulative[cumulative.length - 1]!)[0];
      const user = USERS[Math.floor(Math.random() * USERS.length)]!;
      const list = byUserKind.get(`${user}/${kind}`);
      if (list?.length) return list[Math.floor(Math.random() * list.length)]!;
    }
  };
}

/** Up to `n` items spread evenly over `list`. */
function spread<T>(list: readonly T[], n: number): T[] {
  const k = Math.min(n, list.length);
  return Array.from({ length: k }, (_, i) => list[Math.floor((i * list.length) / k)]!);
}

let shared: Promise<World> | null = null;

function world(env: BenchEnvApi): Promise<World> {
  shared ??= makeWorld(env);
  return shared;
}

async function makeWorld(env: BenchEnvApi): Promise<World> {
  const data = await benchConsultations(env);
  const { db, m, password } = data;

  // The app's Db: the run's database, with recorders swapped in while a sample request is recorded.
  let recording: Statement[] | null = null;
  let txSeq = 0;
  const ownQuery: Db['query'] = (sql, params, opts) => db.query(sql, params, opts);
  const ownTransaction: Db['transaction'] = (fn) => db.transaction(fn);
  const appDb: Db = { engine: db.engine, query: ownQuery, transaction: ownTransaction, exec: (sql) => db.exec(sql), close: async () => undefined };
  const record = (q: Queryable, tx: number | null): Queryable['query'] => (sql, params, opts) => {
    recording?.push({ sql, params: [...(params ?? [])], tx, fresh: [] });
    return q.query(sql, params, opts);
  };
  const config = { ...loadConfig({}), defaultMunicipality: m, demoPassword: password, rateLimitPerMinute: 1_000_000_000, rateLimitAnonymousPerMinute: 1_000_000_000 };
  const app = await buildApp({ db: appDb, config, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  const port = address.port;

  const http = async (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await app.inject({ method, url: path, headers, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: res.statusCode, json: () => res.json() as Record<string, unknown>, headers: res.headers };
  };

  // Sign in every user through the API (demo accounts: no second factor; see server/seed.ts).
  const users = new Map<string, SignedIn>();
  for (const loginId of USERS) {
    const res = await http('POST', '/api/auth/login', {}, { loginId, password, municipalityCode: m });
    if (res.status !== 200) throw new Error(`sign-in as ${loginId} failed: ${res.status} ${JSON.stringify(res.json())}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    const csrf = String(res.json().csrfToken);
    users.set(loginId, { loginId, headers: { cookie, 'x-csrf-token': csrf } });
  }

  const samples: Sample[] = [];
  const stageOf = new Map<string, string>();
  /** Sends one request as `user`, records the statements the app sent for it, and keeps it as a sample. */
  const sample = async (user: SignedIn, kind: Kind, method: 'GET' | 'POST', path: string, id: string | null, body?: unknown): Promise<Record<string, unknown>> => {
    recording = [];
    appDb.query = record(db, null);
    appDb.transaction = (fn) => db.transaction((tx) => fn({ query: record(tx, ++txSeq) }));
    let res;
    try {
      res = await http(method, path, user.headers, body);
    } finally {
      appDb.query = ownQuery;
      appDb.transaction = ownTransaction;
    }
    const got = recording;
    recording = null;
    if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path} as ${user.loginId} answered ${res.status}: ${JSON.stringify(res.json()).slice(0, 300)}`);
    // Leave out the session lookup (and its touch) and the audit append: the raw route has neither.
    const statements = got.filter((s) => !/\bsessions\b/.test(s.sql) && !/^\s*INSERT INTO audit_events\b/.test(s.sql));
    const known = new Set<unknown>();
    for (const s of statements) {
      if (/^\s*INSERT\b/i.test(s.sql)) s.params.forEach((p, i) => typeof p === 'string' && UUID.test(p) && !known.has(p) && s.fresh.push(i));
      for (const p of s.params) known.add(p);
    }
    const request = kind === 'stage' ? null : encodeRequest(port, { method, path, headers: user.headers, ...(body === undefined ? {} : { body }) });
    samples.push({ user: user.loginId, kind, id, request, method, path, headers: user.headers, statements });
    return res.json();
  };

  for (const user of users.values()) {
    await sample(user, 'list-unit', 'GET', '/api/consultations?view=unit', null);
    await sample(user, 'list-mine', 'GET', '/api/consultations?view=mine', null);
    await sample(user, 'list-overdue', 'GET', '/api/consultations?view=all&overdue=1', null);
    for (const w of SEARCH_WORDS) await sample(user, 'search-words', 'GET', `/api/consultations?q=${encodeURIComponent(w)}`, null);
    const seen = (await http('GET', '/api/consultations?view=all&status=any&limit=200', user.headers)).json().items as { id: string; receiptNumber: string }[];
    const open = (await http('GET', '/api/consultations?view=all&status=open&limit=200', user.headers)).json().items as { id: string; stage: string; access: string; closurePending: boolean }[];
    if (!seen.length) throw new Error(`${user.loginId} sees no consultation`);
    for (const c of spread(seen, 5)) await sample(user, 'search-receipt', 'GET', `/api/consultations?q=${c.receiptNumber}&status=any`, null);
    for (const c of spread(seen, READS)) await sample(user, 'read', 'GET', `/api/consultations/${c.id}`, c.id);
    for (const c of spread(open, WRITES)) await sample(user, 'note', 'POST', `/api/consultations/${c.id}/notes`, c.id, { kind: 'note', body: '【架空】ベンチマークの記録' });
    const workable = open.filter((c) => c.access === 'full' && !c.closurePending && !stageOf.has(c.id));
    for (const c of spread(workable, WRITES)) {
      const to = OPEN_STAGES.find((s) => s !== c.stage)!;
      await sample(user, 'stage', 'POST', `/api/consultations/${c.id}/stage`, c.id, { stage: to });
      stageOf.set(c.id, to);
    }
  }
  const byUserKind = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.user}/${s.kind}`;
    byUserKind.set(key, [...(byUserKind.get(key) ?? []), s]);
  }
  // The recorded statements, for EXPLAIN (docs/bench.md, "Consultations"): one sample of each kind and user.
  const firsts = [...byUserKind.values()].map((list) => list[0]!);
  fs.mkdirSync(path.join(process.cwd(), '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(process.cwd(), '.tmp', 'bench-consultations-sql.json'), `${JSON.stringify(firsts.map((s) => ({ user: s.user, kind: s.kind, path: s.path, statements: s.statements })), null, 1)}\n`);
  const counts = USERS.map((u) => `${u} ${KINDS.map((k) => byUserKind.get(`${u}/${k}`)?.length ?? 0).join('/')}`);
  const perStatement = KINDS.map((k) => {
    const list = samples.filter((s) => s.kind === k);
    return `${k} ${(list.reduce((a, s) => a + s.statements.length, 0) / Math.max(1, list.length)).toFixed(1)}`;
  });
  const stageIds = [...stageOf.keys()];
  const syncStages = async () => {
    const { rows } = await db.query<{ consultation_id: string; stage: string }>('SELECT consultation_id, stage FROM consultations WHERE municipality_code = $1 AND consultation_id = ANY($2::text[])', [m, stageIds]);
    for (const r of rows) stageOf.set(r.consultation_id, r.stage);
  };
  return {
    data, port, samples, byUserKind, stageOf, inFlight: new Set(), syncStages,
    notes: [
      data.prep,
      `mix: ${mixOf().map(([k, w]) => `${k} ${w}`).join(', ')}${process.env.BENCH_CONSULTATIONS_MIX ? ' (BENCH_CONSULTATIONS_MIX)' : ''}`,
      `samples per user (${KINDS.join('/')}): ${counts.join('; ')}`,
      `statements per request besides the session lookup and the audit append (the raw route sends these): ${perStatement.join(', ')}`,
    ],
    close: () => app.close(),
  };
}

/** Figures of one case: per kind, and CPU per request over the measured rounds. */
function measured(env: BenchEnvApi, db: Db, label: string, run: (stats: KindStats) => () => Promise<void>, notes: string[], beforeRound?: () => Promise<void>): MeasuredRunner {
  const stats = new KindStats();
  const cpu = new CpuMeter(env.engine === 'postgres' ? db : null);
  const out: string[] = [...notes];
  const runner: MeasuredRunner = {
    run: run(stats),
    notes: out,
    rounds: {
      beginRound: async () => {
        await beforeRound?.();
        await cpu.begin();
        stats.recording = true;
      },
      endRound: async () => {
        stats.recording = false;
        await cpu.end();
        const n = stats.count();
        const per = (s: number) => ((1000 * s) / n).toFixed(3);
        out.splice(notes.length, out.length, ...stats.lines(KINDS).map((l) => `${label}  ${l}`));
        const total = cpu.nodeSeconds + (cpu.pgSeconds ?? 0);
        const pgNote = env.engine === 'embedded' ? 'inside Node (PGlite)' : 'not readable here';
        out.push(
          `${label}  CPU per request: Node (app + load client) ${per(cpu.nodeSeconds)} ms, PostgreSQL backends ${cpu.pgSeconds === null ? pgNote : `${per(cpu.pgSeconds)} ms`}; ` +
            `${n} requests in ${cpu.wallSeconds.toFixed(1)} s = ${(n / cpu.wallSeconds).toFixed(0)} req/s; ` +
            `per busy core: ${(n / cpu.nodeSeconds).toFixed(0)} req per Node CPU-second, ${(n / total).toFixed(0)} req per CPU-second of Node + PostgreSQL; ` +
            `Node busy ${((100 * cpu.nodeSeconds) / cpu.wallSeconds).toFixed(0)} %, PostgreSQL ${cpu.pgSeconds === null ? pgNote : `${((100 * cpu.pgSeconds) / cpu.wallSeconds).toFixed(0)} %`} of one core`,
        );
      },
    },
  };
  return runner;
}

export const consultations: BenchCase = {
  name: 'consultations',
  label: 'consultations mixed load, 6 users of every tier (full app)',
  compareTo: ['consultations-raw'],
  async setup(env): Promise<Runner> {
    const w = await world(env);
    const pool = leanPool(w.port, env.concurrency);
    const pick = picker(w.byUserKind);
    const runner = measured(env, w.data.db, 'app', (stats) => async () => {
      let s = pick();
      for (let tries = 0; s.kind === 'stage' && w.inFlight.has(s.id!) && tries < 20; tries++) s = pick();
      let request = s.request;
      let target: string | null = null;
      if (s.kind === 'stage') {
        if (w.inFlight.has(s.id!)) s = w.samples.find((x) => x.kind === 'read')!; // every stage sample busy: rare, read instead
        else {
          w.inFlight.add(s.id!);
          const current = w.stageOf.get(s.id!) ?? 'received';
          target = OPEN_STAGES[(OPEN_STAGES.indexOf(current as (typeof OPEN_STAGES)[number]) + 1) % OPEN_STAGES.length]!;
          request = encodeRequest(w.port, { method: 'POST', path: s.path, headers: s.headers, body: { stage: target } });
        }
      }
      const t0 = performance.now();
      let status: number;
      try {
        status = await pool.send(request ?? s.request!);
      } finally {
        if (target) w.inFlight.delete(s.id!);
      }
      stats.add(s.kind, performance.now() - t0);
      if (status !== 200 && status !== 201) throw new Error(`${s.method} ${s.path} as ${s.user} answered ${status}`);
      if (target) w.stageOf.set(s.id!, target);
    }, w.notes, w.syncStages);
    await w.syncStages(); // before the warm-up: the raw case may have run first
    const inner = runner.teardown;
    runner.teardown = async () => {
      pool.close();
      await inner?.();
      await w.close();
    };
    return runner;
  },
};

export const consultationsRaw: BenchCase = {
  name: 'consultations-raw',
  label: 'the same statements through a bare fastify route (no session, guard, zod, audit)',
  async setup(env): Promise<Runner> {
    const w = await world(env);
    const db = w.data.db;
    const app = Fastify({ logger: false });
    const replay = async (n: number) => {
      const s = w.samples[n];
      if (!s) throw new Error('no such sample');
      let biggest: unknown[] = [];
      const run = async (q: Queryable, st: Statement) => {
        const params = st.fresh.length ? st.params.map((p, i) => (st.fresh.includes(i) ? crypto.randomUUID() : p)) : st.params;
        const { rows } = await q.query(st.sql, params);
        if (rows.length >= biggest.length) biggest = rows;
      };
      for (let i = 0; i < s.statements.length; ) {
        const tx = s.statements[i]!.tx;
        let j = i;
        while (j < s.statements.length && s.statements[j]!.tx === tx) j++;
        const group = s.statements.slice(i, j);
        if (tx === null) for (const st of group) await run(db, st);
        else await db.transaction(async (t) => {
          for (const st of group) await run(t, st);
        });
        i = j;
      }
      return { items: biggest };
    };
    app.get<{ Params: { n: string } }>('/raw/:n', (req) => replay(Number(req.params.n)));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening on a TCP port');
    const port = address.port;
    const requests = new Map(w.samples.map((s, i) => [s, encodeRequest(port, { method: 'GET', path: `/raw/${i}` })]));
    const check = await app.inject({ method: 'GET', url: `/raw/${w.samples.findIndex((s) => s.kind === 'list-unit')}` });
    if (check.statusCode !== 200) throw new Error(`GET /raw answered ${check.statusCode}: ${check.body.slice(0, 200)}`);
    const pool = leanPool(port, env.concurrency);
    const pick = picker(w.byUserKind);
    const runner = measured(env, db, 'raw', (stats) => async () => {
      const s = pick();
      const t0 = performance.now();
      const status = await pool.send(requests.get(s)!);
      stats.add(s.kind, performance.now() - t0);
      if (status !== 200) throw new Error(`GET /raw (${s.kind} as ${s.user}) answered ${status}`);
    }, []);
    runner.teardown = async () => {
      pool.close();
      await app.close();
    };
    return runner;
  },
};

/** The raw baseline first, so `consultations ÷ consultations-raw` is printed. */
export const consultationsCases: readonly BenchCase[] = [consultationsRaw, consultations];
