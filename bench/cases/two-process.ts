import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedStructure } from '../../server/modules/org';
import { seedMunicipality } from '../../server/seed';
import { encodeRequest, leanPool } from '../http-client';
import type { BenchCase, BenchEnvApi, Runner } from '../lib';
import type { MeasuredRunner } from '../measure';

/**
 * Two app processes behind one PostgreSQL (issue 14 item 17; docs/bench.md "Two app
 * processes"): the real server (server/main.ts) started twice as child processes on the bench's
 * database, and one signed-in mixed stream — `GET /api/me`, `GET /api/consultations` (the
 * queue) and `POST /api/consultations` (an intake: a row, its counters and its audit row) in
 * turn — sent to one process (`mixed-1p`) or round-robin to both (`mixed-2p`, whose ratio to
 * `mixed-1p` is the gain of the second process). One session, made on the first process, is
 * used on both: sessions live in the database. Every acknowledged intake is counted and, at
 * the end, looked for in the database (nothing lost, nothing twice). PostgreSQL only: an
 * embedded folder takes one process (it is locked).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = `bench-${crypto.randomBytes(9).toString('base64url')}`;
const RUN = crypto.randomBytes(4).toString('hex');

interface Fleet {
  ports: number[];
  /** Public-form posts from one address sent alternately to the two processes, and how many each accepted (the rest 429). */
  publicForm: { sent: number; accepted: number[] };
  cookie: string;
  csrfToken: string;
  municipality: string;
  children: ChildProcess[];
  tmp: string;
}

async function startProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`an app process exited with ${child.exitCode}:\n${out.slice(-2000)}`);
    if (Date.now() > until) throw new Error(`an app process did not answer within 180 s:\n${out.slice(-2000)}`);
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    if (port && (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false))) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
}

let fleet: Promise<Fleet> | null = null;

/** Two app processes over a fresh municipality of the bench database (once per run, shared by both cases). */
function theFleet(env: BenchEnvApi): Promise<Fleet> {
  fleet ??= (async () => {
    if (env.engine !== 'postgres' || !env.databaseUrl) {
      throw new Error('two app processes need PostgreSQL: set BENCH_DATABASE_URL (and BENCH_MIGRATION_DATABASE_URL for an app role); an embedded folder takes one process');
    }
    const db = await env.db();
    const municipality = `9${String(crypto.randomInt(0, 100_000)).padStart(5, '0')}`;
    await seedMunicipality(db, municipality, { demo: true, demoPassword: PASSWORD, structure: shippedStructure('352136')! });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-bench-2p-'));
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: env.databaseUrl,
      MIGRATION_DATABASE_URL: process.env.BENCH_MIGRATION_DATABASE_URL || process.env.MIGRATION_DATABASE_URL || env.databaseUrl,
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SASAEAI_DEMO: '0', RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000', WEB_DIST: path.join(tmp, 'no-web'),
      AUDIT_ANCHOR_INTERVAL_HOURS: '0', AUDIT_ANCHOR_KEY_FILE: path.join(tmp, 'key', 'anchor_ed25519'), AUDIT_ANCHOR_DIR: path.join(tmp, 'anchors'),
    };
    for (const name of ['NODE_OPTIONS', 'SASAEAI_MUNICIPALITY']) delete childEnv[name];
    const started = [await startProcess(childEnv), await startProcess(childEnv)];
    // The public form allows 5 posts per address per 10 minutes. The limit's counters live in
    // each process (the in-memory store of @fastify/rate-limit): from one address, each process counts its own.
    const publicForm = { sent: 12, accepted: [0, 0] };
    for (let i = 0; i < publicForm.sent; i++) {
      const res = await fetch(`http://127.0.0.1:${started[i % 2]!.port}/api/public/consultations`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ summary: `bench ${RUN} public form #${i}` }),
      });
      if (res.status === 201) publicForm.accepted[i % 2]!++;
      else if (res.status !== 429) throw new Error(`the public form answered ${res.status}: ${await res.text()}`);
    }
    const login = await fetch(`http://127.0.0.1:${started[0]!.port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'csw-mine', password: PASSWORD, municipalityCode: municipality }),
    });
    if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // The session made on the first process holds on the second: it lives in the database.
    const me = await fetch(`http://127.0.0.1:${started[1]!.port}/api/me`, { headers: { cookie } });
    if (me.status !== 200) throw new Error(`the second process did not know the session: ${me.status}`);
    return { ports: started.map((s) => s.port), publicForm, cookie, csrfToken, municipality, children: started.map((s) => s.child), tmp };
  })();
  return fleet;
}

/** Measured requests and milliseconds of each case (its rounds only), for the ratio in the notes. */
const measured = new Map<string, { ops: number; ms: number }>();
/** Cases set up and not torn down yet: the last one stops the processes. */
let users = 0;

function mixedCase(name: string, processes: 1 | 2): BenchCase {
  return {
    name,
    label: `signed-in mix (me, queue, intake) → ${processes === 1 ? 'one app process' : 'two app processes, round-robin'} (PostgreSQL)`,
    ...(processes === 2 ? { compareTo: ['mixed-1p'] } : {}),
    async setup(env): Promise<Runner> {
      const f = await theFleet(env);
      users++;
      const ports = f.ports.slice(0, processes);
      const pools = ports.map((port) => leanPool(port, env.concurrency));
      const marker = `bench ${RUN} ${name}`;
      const headers = { cookie: f.cookie, 'x-csrf-token': f.csrfToken };
      const reads = ports.map((port) => [
        encodeRequest(port, { method: 'GET', path: '/api/me', headers }),
        encodeRequest(port, { method: 'GET', path: '/api/consultations', headers }),
      ]);
      let i = 0;
      let acknowledged = 0;
      let inRound = false;
      let roundOps = 0;
      let roundStart = 0;
      const notes: string[] = [];
      const runner: MeasuredRunner = {
        async run() {
          const n = i++;
          const p = n % processes;
          const kind = Math.floor(n / processes) % 3;
          const request = kind < 2
            ? reads[p]![kind]!
            : encodeRequest(ports[p]!, { method: 'POST', path: '/api/consultations', headers, body: { channel: 'phone', categories: ['other'], summary: `${marker} #${n}` } });
          const status = await pools[p]!.send(request);
          if (status !== (kind < 2 ? 200 : 201)) throw new Error(`${kind < 2 ? 'GET' : 'POST'} on process ${p + 1} answered ${status}`);
          if (kind === 2) acknowledged++;
          if (inRound) roundOps++;
        },
        rounds: {
          beginRound: async () => {
            inRound = true;
            roundOps = 0;
            roundStart = performance.now();
          },
          endRound: async () => {
            inRound = false;
            const m = measured.get(name) ?? { ops: 0, ms: 0 };
            measured.set(name, { ops: m.ops + roundOps, ms: m.ms + performance.now() - roundStart });
          },
        },
        notes,
        async teardown() {
          for (const pool of pools) pool.close();
          const db = await env.db();
          const { rows } = await db.query<{ n: number; distinct: number }>(
            'SELECT count(*)::int AS n, count(DISTINCT summary)::int AS distinct FROM consultations WHERE municipality_code = $1 AND starts_with(summary, $2)',
            [f.municipality, `${marker} #`],
          );
          const stored = Number(rows[0]?.n);
          notes.push(`intakes acknowledged ${acknowledged}, in the database ${stored} (${stored - Number(rows[0]?.distinct)} twice); lost ${Math.max(0, acknowledged - stored)}`);
          const one = measured.get('mixed-1p');
          const two = measured.get('mixed-2p');
          if (processes === 2 && one && two) {
            notes.push(`rate limits per process: of ${f.publicForm.sent} public-form posts from one address, alternately to the two processes, ${f.publicForm.accepted.join(' + ')} were accepted (limit 5 per 10 minutes per address): each process counts on its own`);
            notes.push(`throughput of two processes ÷ one: ${((two.ops / two.ms) / (one.ops / one.ms)).toFixed(2)}× (${os.cpus().length} CPUs for both app processes, PostgreSQL and the load client; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
          }
          if (--users === 0) {
            for (const c of f.children) c.kill('SIGTERM');
            fs.rmSync(f.tmp, { recursive: true, force: true });
          }
        },
      };
      return runner;
    },
  };
}

export const twoProcessCases: readonly BenchCase[] = [mixedCase('mixed-1p', 1), mixedCase('mixed-2p', 2)];
