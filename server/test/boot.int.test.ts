import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real server, twice, on one embedded data folder: the second must refuse to start,
// because two PGlite processes on one folder lose writes.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dataDir: string;
let first: ChildProcess | null = null;
let firstPort = 0;
let firstOutput = '';

function startServer(port: number): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SASAEAI_DEMO: '1', LOG_LEVEL: 'warn', WEB_DIST: path.join(dataDir, 'no-web'),
    AUDIT_ANCHOR_KEY_FILE: path.join(`${dataDir}-key`, 'anchor_ed25519'), AUDIT_ANCHOR_DIR: path.join(dataDir, 'anchors'),
  };
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'TEST_DATABASE_URL', 'TEST_MIGRATION_DATABASE_URL']) delete env[name];
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

/**
 * Waits for the server to print the address it bound (it starts with PORT=0, so no other
 * process can take the port between our choosing it and its binding), then until it
 * answers /api/health. Fails with the server's output if it exits or takes too long.
 */
async function healthy(child: ChildProcess, output: () => string, deadlineMs = 150_000): Promise<{ port: number; health: Record<string, unknown> }> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > until) throw new Error(`server did not answer within ${deadlineMs} ms:\n${output()}`);
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1] ?? 0);
    if (port) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return { port, health: (await res.json()) as Record<string, unknown> };
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-boot-'));
  first = startServer(0);
  first.stdout?.on('data', (d) => (firstOutput += String(d)));
  first.stderr?.on('data', (d) => (firstOutput += String(d)));
  firstPort = (await healthy(first, () => firstOutput)).port;
}, 180_000);

afterAll(async () => {
  if (first && first.exitCode === null) {
    first.kill('SIGKILL');
    await exited(first);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-key`, { recursive: true, force: true });
});

describe('one data folder, one server', () => {
  it('the first server boots on the embedded database, migrated and seeded, and holds the folder lock', async () => {
    expect((await healthy(first!, () => firstOutput)).health).toMatchObject({ status: 'ok', database: 'embedded' });
    expect(firstOutput).toContain(`embedded PostgreSQL in ${dataDir}`);
    expect(fs.readFileSync(path.join(dataDir, 'sasaeai.lock'), 'utf8')).toBe(String(first!.pid));
  });

  it('a second server on the same folder exits non-zero with a message naming the folder, and the first keeps serving', async () => {
    const second = startServer(0);
    let stderr = '';
    second.stderr?.on('data', (d) => (stderr += String(d)));
    const { code } = await exited(second);
    expect(code).not.toBe(0);
    expect(code).toBe(2);
    expect(stderr).toContain(dataDir);
    expect(stderr).toContain(String(first!.pid));
    expect(stderr).toMatch(/in use by another sasaeai process/);
    expect(stderr).not.toMatch(/\n\s+at /); // a clear message, not a stack trace

    const res = await fetch(`http://127.0.0.1:${firstPort}/api/health`);
    expect(res.status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, 'sasaeai.lock'), 'utf8')).toBe(String(first!.pid));
  });

  it('stopped with SIGTERM, the first server exits cleanly and frees the folder', async () => {
    first!.kill('SIGTERM');
    const { code } = await exited(first!);
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'sasaeai.lock'))).toBe(false);
  });
});
