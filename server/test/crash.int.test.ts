import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openEmbedded } from '../platform/db';
import { shippedStructure } from '../modules/org';
import { seedMunicipality } from '../seed';
import { childEnv, cli, exited, post, type Server, type Session, signIn, startServer, stopServer } from './crash-server';
import { tenantCode, testDb, testEngine } from './harness';

/**
 * Issue 14 item 15: the real server (server/main.ts as a child process) takes consultations
 * through the API from a signed-in CSW, several at a time, and is killed with SIGKILL in the
 * middle of that load; it is started again on the same data, killed again, started once
 * more. Then every write that was acknowledged (201 with its id) must be there exactly once —
 * the consultation and its `consultation.created` audit row — and a write cut off by the kill
 * is there once or not at all, never twice. The audit chain then verifies with
 * `npm run audit:verify`. On the run's engine: a data folder in the embedded run, PostgreSQL
 * when TEST_DATABASE_URL is set. The figures are printed: tried, acknowledged, cut off (and of those committed), lost,
 * duplicated.
 */
const PASSWORD = 'crash-test-demo-2026';
const CONCURRENCY = 6;
/** Acknowledged writes after which each round's server is killed. */
const KILL_AFTER = 40;
const ROUNDS = 2;

interface Round {
  tried: string[];
  acknowledged: Map<string, string>;
  cutOff: string[];
  refused: { marker: string; status: number; body: string }[];
  inFlightAtKill: number;
}

/**
 * CONCURRENCY writers, each sending one intake at a time with its own marker as the summary,
 * until the server dies: SIGKILL the moment KILL_AFTER writes have been acknowledged.
 */
async function loadAndKill(server: Server, session: Session, label: string): Promise<Round> {
  const round: Round = { tried: [], acknowledged: new Map(), cutOff: [], refused: [], inFlightAtKill: 0 };
  let n = 0;
  let inFlight = 0;
  let killed = false;
  const writer = async () => {
    while (!killed) {
      const marker = `クラッシュ試験 ${label} #${++n}`;
      round.tried.push(marker);
      inFlight++;
      try {
        const res = await post(server.base, session, '/api/consultations', { channel: 'phone', categories: ['other'], summary: marker });
        const text = await res.text();
        if (res.status === 201) {
          round.acknowledged.set(marker, (JSON.parse(text) as { id: string }).id);
          if (round.acknowledged.size >= KILL_AFTER && !killed) {
            killed = true;
            round.inFlightAtKill = inFlight - 1;
            server.child.kill('SIGKILL');
          }
        } else {
          round.refused.push({ marker, status: res.status, body: text.slice(0, 200) });
        }
      } catch {
        round.cutOff.push(marker); // no answer: the process died under it
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
  await exited(server.child);
  return round;
}

interface Engine {
  name: string;
  municipality: string;
  env: NodeJS.ProcessEnv;
  signIn(base: string): Promise<Session>;
  /** Every consultation whose summary starts with the marker prefix: summary → ids; and created audit rows per id. */
  stored(prefix: string): Promise<{ bySummary: Map<string, string[]>; auditRows: Map<string, number> }>;
  cleanup(): Promise<void>;
}

async function storedIn(db: Db, m: string, prefix: string) {
  const { rows } = await db.query<{ summary: string; consultation_id: string }>(
    'SELECT summary, consultation_id FROM consultations WHERE municipality_code = $1 AND starts_with(summary, $2)', [m, prefix]);
  const bySummary = new Map<string, string[]>();
  for (const r of rows) bySummary.set(r.summary, [...(bySummary.get(r.summary) ?? []), r.consultation_id]);
  const audit = await db.query<{ subject_id: string; n: number }>(
    `SELECT subject_id, count(*)::int AS n FROM audit_events WHERE municipality_code = $1 AND action = 'consultation.created' AND subject_type = 'consultation'
     AND subject_id = ANY($2::text[]) GROUP BY subject_id`, [m, rows.map((r) => r.consultation_id)]);
  return { bySummary, auditRows: new Map(audit.rows.map((r) => [r.subject_id, r.n])) };
}

function embeddedEngine(): Engine {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-crash-'));
  const dataDir = path.join(tmp, 'data');
  const env = childEnv({
    DATA_DIR: dataDir, SASAEAI_DEMO: '1', SASAEAI_DEMO_PASSWORD: PASSWORD, WEB_DIST: path.join(tmp, 'no-web'),
    AUDIT_ANCHOR_KEY_FILE: path.join(tmp, 'key', 'anchor_ed25519'), AUDIT_ANCHOR_DIR: path.join(tmp, 'anchors'), RATE_LIMIT_PER_MINUTE: '100000',
  });
  return {
    name: 'embedded',
    municipality: '352136',
    env,
    signIn: (base) => signIn(base, 'csw-mine', PASSWORD),
    async stored(prefix) {
      // The server is stopped: the folder is read directly, as after a restore.
      const db = await openEmbedded(path.join(dataDir, 'pg'));
      try {
        return await storedIn(db, '352136', prefix);
      } finally {
        await db.close();
      }
    },
    cleanup: async () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

async function postgresEngine(): Promise<Engine> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-crash-pg-'));
  const db = await testDb();
  // A municipality of its own in the run's database, with the demo accounts; the server serves it by sign-in.
  const m = tenantCode();
  await seedMunicipality(db, m, { demo: true, demoPassword: PASSWORD, structure: shippedStructure('352136')! });
  const env = childEnv({
    DATABASE_URL: process.env.TEST_DATABASE_URL!, MIGRATION_DATABASE_URL: process.env.TEST_MIGRATION_DATABASE_URL || process.env.TEST_DATABASE_URL!,
    SASAEAI_DEMO: '0', WEB_DIST: path.join(tmp, 'no-web'), AUDIT_ANCHOR_KEY_FILE: path.join(tmp, 'key', 'anchor_ed25519'),
    AUDIT_ANCHOR_DIR: path.join(tmp, 'anchors'), RATE_LIMIT_PER_MINUTE: '100000',
  });
  return {
    name: 'postgres',
    municipality: m,
    env,
    signIn: (base) => signIn(base, 'csw-mine', PASSWORD, m),
    stored: (prefix) => storedIn(db, m, prefix),
    cleanup: async () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

// The run's engine (scripts/test.sh runs the int suite on both in CI): a data folder in the embedded run, the server in the PostgreSQL run.
const engines: { make: () => Promise<Engine>; name: string }[] = testEngine === 'postgres'
  ? [{ make: postgresEngine, name: 'PostgreSQL' }]
  : [{ make: async () => embeddedEngine(), name: 'embedded data folder' }];
const cleanups: (() => Promise<void>)[] = [];
const alive: Server[] = [];
afterAll(async () => {
  for (const s of alive) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  for (const c of cleanups) await c();
});

describe.each(engines)('kill -9 under write load: $name', ({ make }) => {
  it(`${ROUNDS} rounds of SIGKILL mid-load: every acknowledged write is there exactly once, nothing twice, the audit chain verifies`, async () => {
    const engine = await make();
    cleanups.push(engine.cleanup);
    const prefix = `クラッシュ試験 ${crypto.randomBytes(4).toString('hex')}`;
    const rounds: Round[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const server = await startServer(engine.env);
      alive.push(server);
      const session = await engine.signIn(server.base);
      const round = await loadAndKill(server, session, `${prefix.split(' ')[1]} r${r}`);
      expect(server.child.signalCode).toBe('SIGKILL');
      expect(round.refused).toEqual([]);
      rounds.push(round);
    }

    // Started again on the same data: it answers, the acknowledged consultations read back through the API.
    const again = await startServer(engine.env);
    alive.push(again);
    const session = await engine.signIn(again.base);
    const lastAcked = rounds.map((r) => [...r.acknowledged][r.acknowledged.size - 1]!);
    for (const [marker, id] of lastAcked) {
      const res = await fetch(`${again.base}/api/consultations/${id}`, { headers: { cookie: session.cookie } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { summary: string }).summary).toBe(marker);
    }
    // The graceful stop seals every audit row still waiting.
    expect(await stopServer(again)).toBe(0);

    const { bySummary, auditRows } = await engine.stored(prefix);
    const acknowledged = new Map(rounds.flatMap((r) => [...r.acknowledged]));
    const cutOff = rounds.flatMap((r) => r.cutOff);
    const lost = [...acknowledged].filter(([marker, id]) => !(bySummary.get(marker) ?? []).includes(id));
    const duplicated = [...bySummary].filter(([, ids]) => ids.length > 1);
    const missingAudit = [...bySummary.values()].flat().filter((id) => auditRows.get(id) !== 1);
    const committedCutOff = cutOff.filter((m) => bySummary.has(m)).length;
    const unknown = [...bySummary.keys()].filter((m) => !acknowledged.has(m) && !cutOff.includes(m));
    const tried = rounds.reduce((s, r) => s + r.tried.length, 0);
    console.log(
      `[crash ${engine.name}] ${ROUNDS} SIGKILL rounds, ${CONCURRENCY} writers: tried ${tried}, acknowledged ${acknowledged.size}, ` +
        `cut off by the kill ${cutOff.length} (committed anyway ${committedCutOff}, in flight at the kill ${rounds.map((r) => r.inFlightAtKill).join('+')}), ` +
        `lost ${lost.length}, duplicated ${duplicated.length}, audit rows not exactly one ${missingAudit.length}`,
    );
    for (const r of rounds) expect(r.acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(tried).toBe(acknowledged.size + cutOff.length);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(missingAudit).toEqual([]);
    expect(unknown).toEqual([]);

    // `npm run audit:verify` over the data the killed servers left: the chain from seq 1, every row sealed, the boot anchors checked.
    const verify = cli('audit-verify.ts', ['--municipality', engine.municipality], engine.env);
    expect(verify.out).toMatch(new RegExp(`OK ${engine.municipality}: \\d+ sealed rows; chain at seq \\d+.*; every row sealed; \\d+ anchors checked`));
    expect(verify.code).toBe(0);
  }, 600_000);
});
