import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../lib';

/**
 * `npm start` on an existing embedded data folder, as a person restarting sasaeai runs it: npm,
 * the build check (scripts/build.mjs: nothing to build), the bundled server, PGlite opening the
 * folder, the migrations check, the seed check, the app, and the first `GET /api/health`.
 * One operation is one restart; its latency counts from spawning `npm start` to that first 200
 * (the stop after it is not counted). After each answer the server is left idle for a moment
 * and the resident memory of its process is read from /proc. Always embedded, whichever
 * database the rest of the run uses: its own folder in the temp directory, made by one first
 * start in setup (initdb, migrations, seed, demo accounts), removed at the end.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IDLE_MS = 1_500;

interface Started {
  ms: number;
  serverPid: number;
  stop(): Promise<void>;
}

/** Every process of the process group `pgid` (the spawned npm and what it started). */
function groupPids(pgid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) out.push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The process that runs the server: node running scripts/start.mjs (not the shell npm starts it with). */
function serverPidIn(pgid: number): number {
  for (const pid of groupPids(pgid)) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (path.basename(argv[0] ?? '') === 'node' && argv.slice(1).some((a) => a.endsWith('scripts/start.mjs'))) return pid;
    } catch {
      // ended
    }
  }
  throw new Error('no process of `npm start` runs scripts/start.mjs');
}

/** Resident memory of a process in MiB, from /proc. */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
  return Number(kb) / 1024;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Spawns `npm start` on `dataDir` and resolves at its first 200 from /api/health. */
async function startServer(dataDir: string, timeoutMs = 180_000): Promise<Started> {
  // The audit anchor key and anchors stay beside the throwaway folder, never in the checkout's defaults.
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SASAEAI_DEMO: '1',
    AUDIT_ANCHOR_KEY_FILE: path.join(`${dataDir}-key`, 'anchor_ed25519'), AUDIT_ANCHOR_DIR: path.join(dataDir, 'anchors'),
  };
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'BENCH_DATABASE_URL', 'BENCH_MIGRATION_DATABASE_URL', 'NODE_OPTIONS']) delete env[name];
  const t0 = performance.now();
  // Its own process group, so the stop reaches npm, the shell and the server alike.
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGTERM');
    await exited(child);
    // npm may go before the server has closed the database: wait for the whole group.
    for (let i = 0; i < 600 && groupPids(child.pid as number).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-2000)}`);
      if (performance.now() - t0 > timeoutMs) throw new Error(`npm start did not answer within ${timeoutMs} ms:\n${output.slice(-2000)}`);
      const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port && (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return { ms: performance.now() - t0, serverPid: serverPidIn(child.pid as number), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export const start: BenchCase = {
  name: 'start',
  label: '`npm start` → first response (embedded, existing folder)',
  // One data folder takes one server at a time, and a restart takes seconds: these settings
  // replace the command line's for this case (one warm-up restart, then three).
  load: { concurrency: 1, warmup: 1, requests: 3, seconds: 120, minSeconds: 0 },
  async setup() {
    if (process.platform !== 'linux') throw new Error('the start case reads /proc (Linux only)');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-bench-start-'));
    const first = await startServer(dataDir);
    await first.stop();
    const rss: number[] = [];
    const times: number[] = [];
    const notes: string[] = [`the first start on the new folder (build check, initdb, migrations, seed) took ${(first.ms / 1000).toFixed(1)} s`];
    return {
      async run() {
        const s = await startServer(dataDir);
        try {
          await new Promise((r) => setTimeout(r, IDLE_MS));
          rss.push(rssMiB(s.serverPid));
        } finally {
          await s.stop();
        }
        times.push(s.ms);
        notes[1] = `restarts (the warm-up's included): ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s to the first response`;
        notes[2] = `idle server (${IDLE_MS / 1000} s after its first answer): resident memory median ${median(rss).toFixed(0)} MiB (${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)})`;
        return s.ms;
      },
      notes,
      teardown: async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(`${dataDir}-key`, { recursive: true, force: true });
      },
    };
  },
};
