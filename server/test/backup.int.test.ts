import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openEmbedded, openPostgres } from '../platform/db';
import { digestDifferences, type TableDigest, tableDigests } from '../platform/db-copy';
import { shippedStructure } from '../modules/org';
import { seedMunicipality } from '../seed';
import { childEnv, cli, cliAsync, post, type Server, type Session, signIn, startServer, stopServer } from './crash-server';
import { tenantCode, testDb, testEngine } from './harness';

/**
 * Issue 14 item 16: `npm run backup` and `npm run restore` as an operator runs them, against
 * the real server (a child process), as round trips: a copy taken while the server runs equals
 * the database table by table (row count and content hash); a copy taken under write load holds
 * every write acknowledged before it began, each with its audit row; the restored copy serves
 * and `npm run audit:verify` passes on it. Embedded → embedded, PostgreSQL → PostgreSQL
 * (pg_dump / pg_restore into a new database) and the embedded folder → PostgreSQL.
 */
const PASSWORD = 'backup-test-demo-2026';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-backup-'));
const alive: Server[] = [];
const databases: string[] = [];
afterAll(async () => {
  for (const s of alive) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  if (databases.length) {
    const owner = openPostgres(process.env.TEST_MIGRATION_DATABASE_URL || process.env.TEST_DATABASE_URL!, 1);
    for (const name of databases) await owner.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await owner.close();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const common = {
  SASAEAI_DEMO_PASSWORD: PASSWORD, WEB_DIST: path.join(tmp, 'no-web'), RATE_LIMIT_PER_MINUTE: '100000',
  AUDIT_ANCHOR_KEY_FILE: path.join(tmp, 'key', 'anchor_ed25519'),
};
/**
 * Each place keeps its own anchor folder: a copy is checked against the anchors signed up to
 * the moment it was taken (later anchors of the source name seqs the copy never had).
 */
const anchorsAt = (name: string) => path.join(tmp, `anchors-${name}`);
const embeddedEnv = (dir: string, anchors = dir) => childEnv({ ...common, DATA_DIR: path.join(tmp, dir), SASAEAI_DEMO: '1', AUDIT_ANCHOR_DIR: anchorsAt(anchors) });
/** The anchors signed so far at `from`, as the copy's own. */
const snapshotAnchors = (from: string, to: string) => fs.cpSync(anchorsAt(from), anchorsAt(to), { recursive: true });

async function run<T>(server: Server, fn: () => Promise<T>): Promise<T> {
  alive.push(server);
  return fn();
}

/** Writers sending intakes until stopped; `mark()` snapshots what has been acknowledged so far. */
function writeLoad(base: string, s: Session, prefix: string, writers = 4) {
  const acked = new Map<string, string>();
  const state = { stopped: false };
  let n = 0;
  const done = Promise.all(Array.from({ length: writers }, async () => {
    while (!state.stopped) {
      const marker = `${prefix} #${++n}`;
      const res = await post(base, s, '/api/consultations', { channel: 'phone', categories: ['other'], summary: marker });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      acked.set(marker, ((await res.json()) as { id: string }).id);
    }
  }));
  return {
    acked,
    until: async (count: number) => {
      while (acked.size < count) await new Promise((r) => setTimeout(r, 50));
    },
    stop: async () => {
      state.stopped = true;
      await done;
      return acked;
    },
  };
}

async function intakesIn(db: Db, m: string, prefix: string): Promise<{ bySummary: Map<string, string[]>; withoutAudit: string[] }> {
  const { rows } = await db.query<{ summary: string; id: string; audits: number }>(
    `SELECT c.summary, c.consultation_id AS id,
            (SELECT count(*)::int FROM audit_events e WHERE e.municipality_code = c.municipality_code AND e.action = 'consultation.created'
               AND e.subject_type = 'consultation' AND e.subject_id = c.consultation_id) AS audits
       FROM consultations c WHERE c.municipality_code = $1 AND starts_with(c.summary, $2)`,
    [m, prefix],
  );
  const bySummary = new Map<string, string[]>();
  for (const r of rows) bySummary.set(r.summary, [...(bySummary.get(r.summary) ?? []), r.id]);
  return { bySummary, withoutAudit: rows.filter((r) => r.audits !== 1).map((r) => r.id) };
}

async function embeddedDigests(where: { folder: string } | { tar: string }): Promise<Map<string, TableDigest>> {
  const db = 'folder' in where
    ? await openEmbedded(path.join(where.folder, 'pg'))
    : await openEmbedded(null, { loadDataDir: new Blob([fs.readFileSync(where.tar)]) });
  try {
    return await tableDigests(db);
  } finally {
    await db.close();
  }
}

function without(d: Map<string, TableDigest>, ...tables: string[]): Map<string, TableDigest> {
  const out = new Map(d);
  for (const t of tables) out.delete(t);
  return out;
}

const quietTar = path.join(tmp, 'quiet.tar.gz');
const firstPrefix = `バックアップ試験 ${crypto.randomBytes(3).toString('hex')}`;

// Each engine's run of the int suite (scripts/test.sh runs both in CI) takes its own round trips: the embedded
// ones never touch PostgreSQL, so they run once, in the embedded run.
describe.runIf(testEngine === 'embedded')('backup and restore: embedded data folder', () => {
  it('a copy taken while the server runs equals its folder table by table; restored into a new folder it serves, and audit:verify passes', async () => {
    const env = embeddedEnv('src');
    const first = await startServer(env);
    await run(first, async () => {
      const s = await signIn(first.base, 'csw-mine', PASSWORD);
      for (let i = 0; i < 8; i++) expect((await post(first.base, s, '/api/consultations', { channel: 'phone', categories: ['other'], summary: `${firstPrefix} #${i}` })).status).toBe(201);
    });
    expect(await stopServer(first)).toBe(0); // every audit row sealed
    // Running again, untouched: the command asks the server, which holds the folder.
    const again = await startServer(env);
    alive.push(again);
    const backup = cli('backup.ts', ['--out', quietTar], env);
    expect(backup.out).toMatch(/backup written by the running server \(pid \d+\)/);
    expect(backup.code).toBe(0);
    expect(fs.statSync(quietTar).mode & 0o777).toBe(0o600);
    while (!fs.existsSync(path.join(anchorsAt('src'), '352136.jsonl'))) await new Promise((r) => setTimeout(r, 100));
    snapshotAnchors('src', 'restored');
    snapshotAnchors('src', 'r3');
    expect(await stopServer(again)).toBe(0);
    const source = await embeddedDigests({ folder: path.join(tmp, 'src') });
    const copy = await embeddedDigests({ tar: quietTar });
    expect(source.get('consultations')!.rows).toBeGreaterThanOrEqual(8);
    expect(source.get('audit_seals')!.rows).toBeGreaterThan(0);
    // Every table but the sealer's cursor, whose time of last round moves every second.
    expect(digestDifferences(without(source, 'audit_seal_cursor'), without(copy, 'audit_seal_cursor'))).toEqual([]);
    // The copy carries the record of its own making, already sealed into the chain.
    const inCopy = await openEmbedded(null, { loadDataDir: new Blob([fs.readFileSync(quietTar)]) });
    const recorded = await inCopy.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events e JOIN audit_seals s ON s.municipality_code = e.municipality_code AND s.audit_id = e.audit_id
        WHERE e.action = 'database.backedUp' AND e.details->>'file' = 'quiet.tar.gz' AND e.details->>'format' = 'data folder'`,
    ).finally(() => inCopy.close());
    expect(recorded.rows[0]!.n).toBe(1);

    const restoredEnv = embeddedEnv('restored');
    const restore = cli('restore.ts', [quietTar], restoredEnv);
    expect(restore.out).toMatch(/restored into .*: 1 municipalities, \d+ audit rows/);
    expect(restore.code).toBe(0);
    // Owner-only, like the folder it came from: every file 600, every folder 700.
    const modes = new Set<number>();
    const walk = (d: string) => {
      modes.add(fs.statSync(d).mode & 0o777);
      for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name)); else modes.add(fs.statSync(path.join(d, e.name)).mode & 0o777);
    };
    walk(path.join(tmp, 'restored', 'pg'));
    expect([...modes].filter((m) => m & 0o077)).toEqual([]);
    expect(digestDifferences(copy, await embeddedDigests({ folder: path.join(tmp, 'restored') }))).toEqual([]);
    const served = await startServer(restoredEnv);
    await run(served, async () => {
      const s = await signIn(served.base, 'csw-mine', PASSWORD);
      const list = await fetch(`${served.base}/api/consultations?q=${encodeURIComponent(firstPrefix)}`, { headers: { cookie: s.cookie } });
      expect(list.status).toBe(200);
    });
    expect(await stopServer(served)).toBe(0);
    const verify = cli('audit-verify.ts', ['--municipality', '352136'], restoredEnv);
    expect(verify.out).toMatch(/OK 352136: \d+ sealed rows; .*every row sealed; \d+ anchors checked/);
    expect(verify.code).toBe(0);
  }, 600_000);

  it('a copy taken under write load holds every write acknowledged before it began, each with its audit row, and verifies', async () => {
    const env = embeddedEnv('src');
    const server = await startServer(env);
    const prefix = `負荷中バックアップ ${crypto.randomBytes(3).toString('hex')}`;
    const file = path.join(tmp, 'loaded.tar.gz');
    const { before, acked } = await run(server, async () => {
      const load = writeLoad(server.base, await signIn(server.base, 'csw-mine', PASSWORD), prefix);
      await load.until(10);
      const before = new Map(load.acked);
      const backup = await cliAsync('backup.ts', ['--out', file], env);
      expect(backup.code).toBe(0);
      await load.until(before.size + 10);
      return { before, acked: await load.stop() };
    });
    expect(await stopServer(server)).toBe(0);
    const restoredEnv = embeddedEnv('restored-loaded', 'src');
    expect(cli('restore.ts', [file], restoredEnv).code).toBe(0);
    const db = await openEmbedded(path.join(tmp, 'restored-loaded', 'pg'));
    const inCopy = await intakesIn(db, '352136', prefix).finally(() => db.close());
    const missing = [...before].filter(([marker, id]) => inCopy.bySummary.get(marker)?.[0] !== id);
    console.log(`[backup embedded] under load: ${acked.size} acknowledged, ${before.size} before the copy began, ${inCopy.bySummary.size} in the copy, missing ${missing.length}`);
    expect(missing).toEqual([]);
    expect([...inCopy.bySummary.values()].filter((ids) => ids.length !== 1)).toEqual([]);
    expect(inCopy.withoutAudit).toEqual([]);
    expect([...inCopy.bySummary.keys()].filter((m) => !acked.has(m))).toEqual([]);
    const verify = cli('audit-verify.ts', ['--municipality', '352136'], restoredEnv);
    expect(verify.out).toMatch(/OK 352136: /);
    expect(verify.code).toBe(0);
  }, 600_000);
});

const pgUrl = process.env.TEST_DATABASE_URL;
const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL || pgUrl;

/** A new empty database on the test server, owned by the owner role, dropped after the file. */
async function newDatabase(label: string): Promise<{ app: string; owner: string }> {
  const name = `${new URL(ownerUrl!).pathname.slice(1)}_${label}_${crypto.randomBytes(3).toString('hex')}`;
  const owner = openPostgres(ownerUrl!, 1);
  try {
    await owner.query(`CREATE DATABASE "${name}"`);
  } finally {
    await owner.close();
  }
  databases.push(name);
  const at = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return { app: at(pgUrl!), owner: at(ownerUrl!) };
}

const pgEnv = (target: { app: string; owner: string }, anchors: string) =>
  childEnv({ ...common, DATABASE_URL: target.app, MIGRATION_DATABASE_URL: target.owner, SASAEAI_DEMO: '0', AUDIT_ANCHOR_DIR: anchorsAt(anchors) });

describe.runIf(testEngine === 'postgres')('backup and restore: PostgreSQL', () => {
  it('pg_dump while the server writes and pg_restore into a new database: consistent, audit:verify OK; a quiet copy equals the source table by table', async () => {
    const db = await testDb();
    const m = tenantCode();
    await seedMunicipality(db, m, { demo: true, demoPassword: PASSWORD, structure: shippedStructure('352136')! });
    const env = pgEnv({ app: pgUrl!, owner: ownerUrl! }, 'pg');
    const prefix = `負荷中バックアップ ${crypto.randomBytes(3).toString('hex')}`;
    const live = path.join(tmp, 'live.pgdump');
    const server = await startServer(env);
    const { before, acked } = await run(server, async () => {
      const load = writeLoad(server.base, await signIn(server.base, 'csw-mine', PASSWORD, m), prefix);
      await load.until(10);
      const before = new Map(load.acked);
      const backup = await cliAsync('backup.ts', ['--out', live], env);
      expect(backup.out).toMatch(/pg_dump custom format, one snapshot/);
      expect(backup.code).toBe(0);
      await load.until(before.size + 10);
      return { before, acked: await load.stop() };
    });
    expect(await stopServer(server)).toBe(0);

    const r1 = await newDatabase('r1');
    const restore = cli('restore.ts', [live], pgEnv(r1, 'pg'));
    expect(restore.out).toMatch(/restored: \d+ municipalities/);
    expect(restore.code).toBe(0);
    const copy = openPostgres(r1.app, 2);
    const inCopy = await intakesIn(copy, m, prefix).finally(() => copy.close());
    const missing = [...before].filter(([marker, id]) => inCopy.bySummary.get(marker)?.[0] !== id);
    console.log(`[backup postgres] under load: ${acked.size} acknowledged, ${before.size} before pg_dump began, ${inCopy.bySummary.size} in the copy, missing ${missing.length}`);
    expect(missing).toEqual([]);
    expect([...inCopy.bySummary.values()].filter((ids) => ids.length !== 1)).toEqual([]);
    expect(inCopy.withoutAudit).toEqual([]);
    const verify = cli('audit-verify.ts', ['--municipality', m], pgEnv(r1, 'pg'));
    expect(verify.out).toMatch(new RegExp(`OK ${m}: `));
    expect(verify.code).toBe(0);

    // Nothing running: the copy equals the source in every table (the sealer's cursor is reset by design).
    const quiet = path.join(tmp, 'quiet.pgdump');
    expect(cli('backup.ts', ['--out', quiet], env).code).toBe(0);
    const r2 = await newDatabase('r2');
    expect(cli('restore.ts', [quiet], pgEnv(r2, 'pg')).code).toBe(0);
    const restored = openPostgres(r2.owner, 2);
    try {
      // Seals: other test files leave rows unsealed in the shared database, which the restore then seals; this municipality's are all sealed.
      const sealsOf = (d: Db) => d.query<{ h: string }>("SELECT md5(string_agg(s::text, E'\\n' ORDER BY s.seq)) AS h FROM audit_seals s WHERE municipality_code = $1", [m]);
      expect((await sealsOf(restored)).rows[0]!.h).toBe((await sealsOf(db)).rows[0]!.h);
      expect(digestDifferences(without(await tableDigests(db), 'audit_seal_cursor', 'audit_seals'), without(await tableDigests(restored), 'audit_seal_cursor', 'audit_seals'))).toEqual([]);
    } finally {
      await restored.close();
    }
  }, 600_000);

  it('the embedded folder to PostgreSQL: every table equal, audit:verify OK, and a server on it seals its new rows', async () => {
    const growTar = path.join(tmp, 'grow.tar.gz');
    // A municipality that started on the embedded default: its folder, then a copy made with no server running.
    const env = embeddedEnv('grow');
    const first = await startServer(env);
    await run(first, async () => {
      const s = await signIn(first.base, 'csw-mine', PASSWORD);
      for (let i = 0; i < 8; i++) expect((await post(first.base, s, '/api/consultations', { channel: 'phone', categories: ['other'], summary: `${firstPrefix} #${i}` })).status).toBe(201);
      while (!fs.existsSync(path.join(anchorsAt('grow'), '352136.jsonl'))) await new Promise((r) => setTimeout(r, 100));
    });
    expect(await stopServer(first)).toBe(0);
    const backup = cli('backup.ts', ['--out', growTar], env);
    expect(backup.out).toMatch(/backup written: .*no server was running/);
    expect(backup.code).toBe(0);
    snapshotAnchors('grow', 'r3');
    const r3 = await newDatabase('r3');
    const restore = cli('restore.ts', [growTar], pgEnv(r3, 'r3'));
    expect(restore.out).toMatch(/every table's row count and content hash equal on both sides/);
    expect(restore.code).toBe(0);
    const target = openPostgres(r3.owner, 2);
    try {
      expect(digestDifferences(without(await embeddedDigests({ tar: growTar }), 'audit_seal_cursor'), without(await tableDigests(target), 'audit_seal_cursor'))).toEqual([]);
    } finally {
      await target.close();
    }
    const verify = cli('audit-verify.ts', ['--municipality', '352136'], pgEnv(r3, 'r3'));
    expect(verify.out).toMatch(/OK 352136: \d+ sealed rows; .*every row sealed; [1-9]\d* anchors checked/);
    expect(verify.code).toBe(0);

    // The municipality now runs on PostgreSQL: its accounts sign in, its data is there, new audit rows join the chain.
    const server = await startServer(pgEnv(r3, 'r3'));
    await run(server, async () => {
      const s = await signIn(server.base, 'csw-mine', PASSWORD);
      for (let i = 0; i < 3; i++) expect((await post(server.base, s, '/api/consultations', { channel: 'phone', categories: ['other'], summary: `${firstPrefix} on PostgreSQL #${i}` })).status).toBe(201);
    });
    expect(await stopServer(server)).toBe(0);
    const after = openPostgres(r3.owner, 2);
    const both = await intakesIn(after, '352136', firstPrefix).finally(() => after.close());
    expect(both.bySummary.size).toBe(8 + 3);
    expect(both.withoutAudit).toEqual([]);
    const again = cli('audit-verify.ts', ['--municipality', '352136'], pgEnv(r3, 'r3'));
    expect(again.out).toMatch(/OK 352136: \d+ sealed rows; .*every row sealed/);
    expect(again.code).toBe(0);
  }, 600_000);
});
