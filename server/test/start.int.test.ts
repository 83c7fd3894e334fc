import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm start` runs (scripts/start.mjs): the build check, then the bundled server
 * (dist/server/main.mjs), on a fresh embedded folder and then again on the same folder. It
 * proves the bundle boots and serves what the sources do (migrations, seed, web), and that a
 * restart builds nothing.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dataDir: string;
const running: ChildProcess[] = [];

function start(): { child: ChildProcess; output: () => string } {
  // The audit anchor key and anchors stay beside the throwaway folder, never in the checkout's defaults.
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SASAEAI_DEMO: '1', LOG_LEVEL: 'warn',
    AUDIT_ANCHOR_KEY_FILE: path.join(`${dataDir}-key`, 'anchor_ed25519'), AUDIT_ANCHOR_DIR: path.join(dataDir, 'anchors'),
  };
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'TEST_DATABASE_URL', 'TEST_MIGRATION_DATABASE_URL', 'NODE_ENV', 'SASAEAI_DEMO_PASSWORD']) delete env[name];
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  return { child, output: () => out };
}

async function answering(s: ReturnType<typeof start>, deadlineMs = 150_000): Promise<string> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`start exited with ${s.child.exitCode}:\n${s.output()}`);
    if (Date.now() > until) throw new Error(`no answer within ${deadlineMs} ms:\n${s.output()}`);
    const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(s.output())?.[1];
    if (port && (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false))) return `http://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-start-'));
});
afterAll(async () => {
  for (const c of running) await stop(c);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-key`, { recursive: true, force: true });
});

describe('npm start: the build check and the bundled server', () => {
  it('on a fresh folder it builds what is stale, creates the database and serves the API and the web', async () => {
    const first = start();
    const base = await answering(first);
    expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok', database: 'embedded' });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'csw-mine', password: 'sasaeai-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const page = await fetch(`${base}/consultations`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script[^>]+src="\/assets\/[^"]+\.js"/);
    expect(await stop(first.child)).toBe(0);
  }, 180_000);

  it('started again on the same folder, it builds nothing and answers with the data kept', async () => {
    const again = start();
    const base = await answering(again);
    expect(again.output()).not.toMatch(/^built /m);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'csw-mine', password: 'sasaeai-demo-2026' }),
    });
    expect(login.status).toBe(200);
    expect(again.output()).not.toContain('set up municipality');
    expect(await stop(again.child)).toBe(0);
  }, 180_000);
});
