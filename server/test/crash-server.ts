import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real server as a child process, for the tests that kill it (crash.int.test.ts) or run
 * the operator's commands beside it (backup.int.test.ts): `node --import tsx server/main.ts`
 * with the given environment, its output kept, its address read from the banner.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Settings a child must never inherit from the test run (it gets exactly what the test gives it). */
const INHERITED_NEVER = [
  'DATABASE_URL', 'MIGRATION_DATABASE_URL', 'TEST_DATABASE_URL', 'TEST_MIGRATION_DATABASE_URL', 'SASAEAI_MUNICIPALITY',
  'SASAEAI_DEMO', 'SASAEAI_DEMO_PASSWORD', 'NODE_ENV', 'NODE_OPTIONS', 'BACKUP_DIR', 'DATA_DIR', 'PORT',
];

export function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_NEVER) delete env[name];
  return { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...settings };
}

export interface Server {
  child: ChildProcess;
  base: string;
  output(): string;
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Starts the server and resolves once /api/health answers 200 (a dead child rejects with its output). */
export async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${out}`);
    const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    if (port && (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false))) {
      return { child, base: `http://127.0.0.1:${port}`, output: () => out };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM (the graceful stop: last requests, final audit seal, database closed) and its exit code. */
export async function stopServer(s: Server): Promise<number | null> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  await exited(s.child);
  return s.child.exitCode;
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

export async function signIn(base: string, loginId: string, password: string, municipalityCode?: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password, ...(municipalityCode ? { municipalityCode } : {}) }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${loginId} answered ${res.status}: ${await res.text()}`);
  const cookie = String(res.headers.get('set-cookie')).split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken: body.csrfToken };
}

export function post(base: string, s: Session, url: string, body: unknown): Promise<Response> {
  return fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    body: JSON.stringify(body),
  });
}

/** Runs a command of server/cli/ to its end, as `npm run` does. */
export function cli(file: string, args: readonly string[], env: NodeJS.ProcessEnv): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `server/cli/${file}`, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The same without blocking this process (a load keeps running meanwhile). */
export function cliAsync(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${file}`, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}
