import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../platform/db';

// The real server on an embedded data folder, then the audit commands on that folder once the
// server has stopped (docs/operations.md): the sealer seals at shutdown, the anchor schedule
// has signed the head, and audit:verify checks both, as an operator would run it.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const M = '352136';
let tmp: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | null = null;
let output = '';

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** Runs a command of server/cli/ to its end, as `npm run` would, with the folder's settings. */
function cli(file: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `server/cli/${file}`, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Polls until `check` holds or the server dies (no timing is asserted: the hook timeout bounds it). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (;;) {
    if (server && server.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-audit-cli-'));
  env = {
    ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(tmp, 'data'), SASAEAI_DEMO: '1', SASAEAI_DEMO_PASSWORD: 'audit-cli-demo-2026',
    LOG_LEVEL: 'warn', WEB_DIST: path.join(tmp, 'no-web'), AUDIT_ANCHOR_KEY_FILE: path.join(tmp, 'key', 'anchor_ed25519'),
    // One sealer round at boot and the next an hour later: only the final round at shutdown can seal the requests below.
    AUDIT_ANCHOR_DIR: path.join(tmp, 'anchors'), AUDIT_SEAL_INTERVAL_MS: '3600000',
  };
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'TEST_DATABASE_URL', 'TEST_MIGRATION_DATABASE_URL', 'SASAEAI_MUNICIPALITY']) delete env[name];
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d) => (output += String(d)));
  server.stderr?.on('data', (d) => (output += String(d)));
  await until(() => /http:\/\/127\.0\.0\.1:\d+/.test(output));
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGKILL');
    await exited(server);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the audit commands on a stopped embedded data folder', () => {
  it('the running server seals audited requests, signs the head into the anchor folder, and seals the rest when stopped', async () => {
    const base = `http://127.0.0.1:${/http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'csw-mine', password: 'audit-cli-demo-2026' }) });
    expect(login.status).toBe(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/api/me`, { headers: { cookie } })).status).toBe(200);
    const anchors = path.join(tmp, 'anchors', `${M}.jsonl`);
    await until(() => fs.existsSync(anchors));
    expect(fs.statSync(env.AUDIT_ANCHOR_KEY_FILE!).mode & 0o777).toBe(0o600);
    server!.kill('SIGTERM');
    expect(await exited(server!)).toBe(0);
  }, 120_000);

  it('audit:verify says OK: every row sealed, the anchor checked, the key id printed to compare with paper', () => {
    const { code, out } = cli('audit-verify.ts');
    expect(out).toMatch(new RegExp(`OK ${M}: \\d+ sealed rows; chain at seq \\d+.*; every row sealed; 1 anchors checked`));
    expect(out).toMatch(/trusted anchor keys: [0-9a-f]{16}/);
    expect(code).toBe(0);
  }, 120_000);

  it('a row edited in the stopped folder is named by audit:verify with its seq, and the exit status is 1', async () => {
    const db = await openEmbedded(path.join(tmp, 'data', 'pg'));
    try {
      await db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
        await tx.query(`UPDATE audit_events SET actor_login_id = 'someone-else' WHERE audit_id = (SELECT audit_id FROM audit_seals WHERE municipality_code = $1 AND seq = 3)`, [M]);
        await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
      });
    } finally {
      await db.close();
    }
    const { code, out } = cli('audit-verify.ts', '--municipality', M);
    expect(out).toContain(`BROKEN ${M}`);
    expect(out).toMatch(/\[row_changed\] the row at seq 3 \(audit id \d+\) was changed after it was sealed/);
    expect(out).toContain('監査ログに不整合があります');
    expect(code).toBe(1);
  }, 120_000);

  it('audit:anchor prints the anchors for paper and the public key with its key id, without opening the database', () => {
    const printed = cli('audit-anchor.ts', '--print', '--municipality', M);
    expect(printed.out).toContain('ささえあい 監査ログ 署名付き先頭');
    expect(printed.out).toMatch(/署名日時 \/ anchored +令和\d+年\d+月\d+日 \d\d:\d\d:\d\d/);
    expect(printed.code).toBe(0);
    const key = cli('audit-anchor.ts', '--public-key');
    expect(key.out).toMatch(/key id [0-9a-f]{16}/);
    expect(key.out).toContain('-----BEGIN PUBLIC KEY-----');
    expect(key.code).toBe(0);
  }, 120_000);
});
