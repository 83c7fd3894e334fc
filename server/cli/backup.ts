/**
 * `npm run backup [-- --out <file>]`
 *
 * A consistent copy of the database while the app runs (docs/operations.md "Backup and restore"):
 * - PostgreSQL (DATABASE_URL set): `pg_dump --format=custom` as the owner role
 *   (MIGRATION_DATABASE_URL), one snapshot: `backups/sasaeai-<UTC time>.pgdump`.
 * - Embedded: the running server holds the data folder, so the command asks it (a request file
 *   and SIGUSR2) and the server writes a tar of its folder between two transactions:
 *   `backups/sasaeai-<UTC time>.tar.gz`. With no server running the command opens the folder
 *   itself. The file is owner-only; keep it encrypted and away from the audit anchor key.
 * Each municipality's audit log records the copy (`database.backedUp`, the file's name), sealed
 * before the copy is taken, so the copy holds its own record.
 * Exit status 0 when the file is written, 2 when it could not be.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKUP_REQUEST_FILE, backupBaseName, pgDump, recordBackup, writeEmbeddedBackup } from '../platform/backup';
import { loadConfig } from '../platform/config';
import { lockHolder } from '../platform/data-lock';
import { openPostgres } from '../platform/db';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run backup [-- --out <file>]   (PostgreSQL: a .pgdump file; embedded: a .tar.gz of the data folder)';

/** How long the command waits for a running server's copy. */
const WAIT_MS = 30 * 60_000;

async function askRunningServer(pid: number, dataDir: string, file: string): Promise<number> {
  fs.rmSync(`${file}.error`, { force: true });
  fs.writeFileSync(path.join(dataDir, BACKUP_REQUEST_FILE), JSON.stringify({ file }), { mode: 0o600 });
  process.kill(pid, 'SIGUSR2');
  const until = Date.now() + WAIT_MS;
  for (;;) {
    if (fs.existsSync(file)) return fs.statSync(file).size;
    if (fs.existsSync(`${file}.error`)) throw new CliError(`the server (pid ${pid}) could not write the copy: ${fs.readFileSync(`${file}.error`, 'utf8')}`);
    if (Date.now() > until) throw new CliError(`the server (pid ${pid}) wrote no copy within ${WAIT_MS / 60_000} minutes; see its log`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({ options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const embedded = !config.databaseUrl;
  const file = path.resolve(values.out ?? path.join('backups', `${backupBaseName()}${embedded ? '.tar.gz' : '.pgdump'}`));
  if (fs.existsSync(file)) throw new CliError(`${file} exists already: name another file`);
  if (!embedded) {
    const db = openPostgres(config.databaseUrl, 1);
    try {
      await recordBackup(db, file, 'pg_dump');
    } finally {
      await db.close();
    }
    const { bytes } = pgDump(config.migrationDatabaseUrl, file);
    console.log(`backup written: ${file} (${bytes} bytes, pg_dump custom format, one snapshot)`);
    return 0;
  }
  const pid = lockHolder(config.dataDir);
  if (pid !== null) {
    const bytes = await askRunningServer(pid, path.resolve(config.dataDir), file);
    console.log(`backup written by the running server (pid ${pid}): ${file} (${bytes} bytes, the data folder between two transactions)`);
    return 0;
  }
  const { db, close } = await openForCli(config, { mustExist: true });
  try {
    await recordBackup(db, file, 'data folder');
    const { bytes } = await writeEmbeddedBackup(db, file);
    console.log(`backup written: ${file} (${bytes} bytes, the data folder; no server was running)`);
  } finally {
    await close();
  }
  return 0;
}

runCli(main);
