import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appendAudit } from './audit';
import { auditedMunicipalities } from './audit.repo';
import { sealAudit } from './audit-sealer';
import type { Db, Queryable } from './db';

/**
 * Backup and restore (docs/operations.md "Backup and restore"). PostgreSQL: `pg_dump` in the
 * custom format, one snapshot, so a consistent copy while the app runs; `pg_restore` into an
 * empty database as its owner. Embedded: a tar of the data folder made by the running server
 * itself between two transactions (the folder is locked to it), or by the command when no
 * server runs. After a restore into another server the audit sealer's cursor is reset.
 */

/** The file a request for a backup names, in the data folder of a running embedded server. */
export const BACKUP_REQUEST_FILE = 'backup-request.json';

/** `sasaeai-20261202-143005` (UTC): backups sort by name. */
export function backupBaseName(now = new Date()): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `sasaeai-${iso}`;
}

/** Writes `data` to `file` (owner-only) through a `.partial` file renamed at the end, so a reader never sees half. */
export function writeWhole(file: string, data: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, data, { mode: 0o600 });
  fs.renameSync(partial, file);
}

/**
 * A backup is a copy of every resident's data leaving the database: each municipality's audit
 * log records it (the file's name and format, by the system), and the sealer chains those rows
 * before the copy is taken, so the copy carries its own record, sealed.
 */
export async function recordBackup(db: Db, file: string, format: 'pg_dump' | 'data folder'): Promise<void> {
  const codes = await auditedMunicipalities(db);
  await db.transaction(async (tx) => {
    for (const m of codes) {
      await appendAudit(tx, {
        municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'database.backedUp', subjectType: 'municipality', subjectId: m,
        outcome: 'allowed', details: { file: path.basename(file), format },
      });
    }
  });
  await sealAudit(db);
}

/** Writes the embedded database's consistent copy (a gzipped tar of its folder) to `file`. */
export async function writeEmbeddedBackup(db: Db, file: string): Promise<{ bytes: number }> {
  if (!db.dumpDataDir) throw new Error('only the embedded database copies its folder');
  const blob = await db.dumpDataDir();
  const data = new Uint8Array(await blob.arrayBuffer());
  writeWhole(file, data);
  return { bytes: data.length };
}

/**
 * The running embedded server's side of `npm run backup` (server/main.ts, on SIGUSR2): the
 * command writes BACKUP_REQUEST_FILE naming the file it wants, then signals; the server writes
 * the copy there (or `<file>.error` with the reason) and removes the request. A signal without
 * a request writes into `backups/` beside the working directory.
 */
export async function answerBackupRequest(db: Db, dataDir: string): Promise<{ file: string; bytes: number }> {
  const requestFile = path.join(dataDir, BACKUP_REQUEST_FILE);
  let file = path.resolve('backups', `${backupBaseName()}.tar.gz`);
  try {
    const asked = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as { file?: unknown };
    if (typeof asked.file === 'string' && path.isAbsolute(asked.file)) file = asked.file;
    fs.rmSync(requestFile, { force: true });
  } catch {
    // no request: the default place
  }
  try {
    await recordBackup(db, file, 'data folder');
    return { file, ...(await writeEmbeddedBackup(db, file)) };
  } catch (err) {
    fs.writeFileSync(`${file}.error`, String((err as Error).message ?? err), { mode: 0o600 });
    throw err;
  }
}

/**
 * After a restore: the sealer's cursor names transaction ids of the server the copy came from,
 * which mean nothing here (ids of this server may be lower, and its new rows would be passed
 * over, never sealed). It starts again from 0, and one pass seals the restored rows that had
 * no seal yet, wherever their old ids lie. Run as the owner (the app role cannot move it back).
 */
export async function resetSealCursor(owner: Db): Promise<{ sealed: number }> {
  await owner.query("UPDATE audit_seal_cursor SET sealed_below = '0', pending_txids = '{}' WHERE cursor_id = 1");
  const r = await sealAudit(owner, { restored: true });
  return { sealed: r.sealed };
}

/** True when the database holds no table of its own yet (a fresh `CREATE DATABASE`). */
export async function hasNoTables(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
  );
  return Number(rows[0]?.n) === 0;
}

/** A connection URL without its password, and the password for PGPASSWORD (never on a command line). */
function forTools(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(tool: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(tool, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${tool} could not run (${r.error.message}): install postgresql-client (Debian: apt-get install postgresql-client)`);
  if (r.status !== 0) throw new Error(`${tool} failed (exit ${r.status}):\n${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * `pg_dump --format=custom` of the whole database: one transaction at REPEATABLE READ, so every
 * table is read in one snapshot while the app goes on writing. Ownership and grants are left
 * out (the restore gives them to the roles of the place it lands).
 */
export function pgDump(ownerUrl: string, file: string): { bytes: number } {
  const t = forTools(ownerUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${t.url}`], t.env);
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, file);
  return { bytes: fs.statSync(file).size };
}

/**
 * `pg_restore` of a `pg_dump` file into an empty database, as its owner, in one transaction,
 * stopping at the first error. The extensions' comments are left out (only a superuser may
 * set them; the extensions themselves are trusted and made by the database's owner).
 */
export function pgRestore(ownerUrl: string, file: string): void {
  const t = forTools(ownerUrl);
  const list = run('pg_restore', ['--list', file], t.env)
    .split('\n')
    .filter((line) => !/ COMMENT - EXTENSION /.test(line))
    .join('\n');
  const listFile = `${file}.list-${process.pid}`;
  fs.writeFileSync(listFile, list, { mode: 0o600 });
  try {
    run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--use-list=${listFile}`, `--dbname=${t.url}`, file], t.env);
  } finally {
    fs.rmSync(listFile, { force: true });
  }
}
