import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../scripts/build.mjs';

/**
 * The server of the roll-call bench as a process of its own (so `kill -9` is a real crash: no
 * shutdown hook, no flush, the pool's connections cut): the built bundle `dist/server/main.mjs`,
 * as `npm start` runs it, on the bench's PostgreSQL, on a fixed port so the load client finds it
 * again after a restart.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  port: number;
  /** Milliseconds from spawning to the first 200 of /api/health. */
  startedInMs: number;
  pid(): number;
  /** SIGKILL: the process dies at once, in whatever it was doing. */
  kill9(): Promise<void>;
  /** Starts it again on the same port and database; resolves at its first 200. */
  restart(): Promise<number>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** A free TCP port on loopback (asked of the system, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Answers true once the server says it is healthy (false while it cannot be reached). */
export async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
}

/**
 * Builds the server bundle if its sources changed, then spawns it with `databaseUrl` (the app role)
 * and `migrationUrl` (the owner), demo data off, the rate limit out of the way.
 */
export async function spawnServer(opts: { databaseUrl: string; migrationUrl: string | null; timeoutMs?: number }): Promise<ServerProcess> {
  await ensureBuilt(['server'], { log: () => undefined });
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-bench-evac-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    MIGRATION_DATABASE_URL: opts.migrationUrl ?? opts.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SASAEAI_DEMO: '0',
    // The boot seeds its default municipality (Mine City's shipped structure, no demo accounts) if missing; the
    // bench's own municipality comes with each request's session cookie.
    SASAEAI_MUNICIPALITY: '352136',
    RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
    DATA_DIR: path.join(tmp, 'data'),
    AUDIT_ANCHOR_KEY_FILE: path.join(tmp, 'key', 'anchor_ed25519'),
    AUDIT_ANCHOR_DIR: path.join(tmp, 'anchors'),
  };
  for (const name of ['BENCH_DATABASE_URL', 'BENCH_MIGRATION_DATABASE_URL', 'NODE_OPTIONS']) delete env[name];
  let child: ChildProcess;
  let output = '';
  const launch = async (): Promise<number> => {
    const t0 = performance.now();
    output = '';
    child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'dist/server/main.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
    child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
    const limit = opts.timeoutMs ?? 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - t0 > limit) throw new Error(`the server did not answer within ${limit} ms:\n${output}`);
      if (await healthy(port)) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const startedInMs = await launch();
  return {
    port,
    startedInMs,
    pid: () => child.pid as number,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    restart: launch,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
