/**
 * `npm run restore -- <backup file>` or `npm run restore -- --data-dir <stopped embedded folder>`
 *
 * Where the copy lands is the configured database, which must hold nothing yet
 * (docs/operations.md "Backup and restore"):
 * - a `.pgdump` file (`npm run backup` on PostgreSQL) → PostgreSQL: `pg_restore` as the owner
 *   role (MIGRATION_DATABASE_URL) into an empty database, then migrations and the app role's grants;
 * - a `.tar.gz` file (`npm run backup` embedded) → with DATABASE_URL empty, a new DATA_DIR;
 *   with DATABASE_URL set, **PostgreSQL**: the copy is opened in memory and every table is
 *   copied row by row into the migrated empty database, and each table's row count and
 *   content hash are compared on both sides before the command says OK — the way a
 *   municipality grows out of the embedded default;
 * - `--data-dir <folder>`: the same from a stopped embedded data folder directly.
 * Into PostgreSQL the audit sealer's cursor then starts again (its transaction ids were the
 * other server's) and the rows that had no seal yet are sealed; `npm run audit:verify` checks
 * the chain afterwards. Exit status 0 restored, 2 refused or failed (nothing is left half-done
 * by the copy: it is one transaction).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasNoTables, pgRestore, resetSealCursor } from '../platform/backup';
import { loadConfig } from '../platform/config';
import { lockDataDir } from '../platform/data-lock';
import { copyDatabase, digestDifferences, tableDigests } from '../platform/db-copy';
import { type Db, openEmbedded, openPostgres } from '../platform/db';
import { grantAppRole, migrate } from '../platform/migrate';
import { CliError, runCli } from './common';

const USAGE = 'usage: npm run restore -- <file.pgdump | file.tar.gz>   or   npm run restore -- --data-dir <stopped embedded data folder>';

/** Owner-only permissions on a restored data folder (it holds names and notes; the tar's own modes are not kept). */
function ownerOnly(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) ownerOnly(p);
    else if (e.isFile()) fs.chmodSync(p, 0o600);
  }
}

/** The owner's connection to the target PostgreSQL, refused unless it holds no data. */
async function emptyTarget(ownerUrl: string): Promise<Db> {
  const owner = openPostgres(ownerUrl, 1);
  try {
    if (await hasNoTables(owner)) return owner;
    const { rows } = await owner.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'municipalities'");
    if (Number(rows[0]?.n) === 1) {
      const held = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM municipalities');
      if (Number(held.rows[0]?.n) === 0) return owner; // migrated, never used
    }
  } catch (err) {
    await owner.close();
    throw err;
  }
  await owner.close();
  throw new CliError(
    '復元先のデータベースにデータがあります。空のデータベースを作成して指定してください。\n' +
      'The target database holds data already: restore into a new, empty database (CREATE DATABASE … OWNER <owner role>).',
  );
}

async function finishPostgres(owner: Db, appUrl: string, ownerUrl: string): Promise<void> {
  await migrate(owner);
  if (appUrl !== ownerUrl) {
    const role = decodeURIComponent(new URL(appUrl).username);
    if (role) await grantAppRole(owner, role);
  }
  const { sealed } = await resetSealCursor(owner);
  const { rows } = await owner.query<{ m: number; a: number }>('SELECT (SELECT count(*)::int FROM municipalities) AS m, (SELECT count(*)::int FROM audit_events) AS a');
  console.log(`restored: ${rows[0]?.m} municipalities, ${rows[0]?.a} audit rows (${sealed} sealed now); the audit sealer starts again from this server's transactions`);
  console.log('next: npm run audit:verify (with the anchor files of the old place: --anchors <file>)');
}

/** Copies an embedded database (opened by the caller, not changing) into the empty PostgreSQL, and proves the copy. */
async function embeddedToPostgres(source: Db, appUrl: string, ownerUrl: string): Promise<void> {
  await migrate(source);
  const owner = await emptyTarget(ownerUrl);
  try {
    await migrate(owner);
    const report = await copyDatabase(source, owner);
    const differences = digestDifferences(await tableDigests(source), await tableDigests(owner));
    if (differences.length) {
      throw new CliError(`the copy differs from the source in ${differences.map((d) => `${d.table} (${d.from?.rows ?? '—'} → ${d.to?.rows ?? '—'} rows)`).join(', ')}`);
    }
    console.log(`copied ${report.rows} rows of ${report.tables} tables and ${report.sequences} sequences; every table's row count and content hash equal on both sides`);
    await finishPostgres(owner, appUrl, ownerUrl);
  } finally {
    await owner.close();
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const from = parsed.values['data-dir'];
  const file = parsed.positionals[0];
  if ((from === undefined) === (file === undefined) || parsed.positionals.length > 1) throw new CliError(USAGE);
  const config = loadConfig();
  const toPostgres = Boolean(config.databaseUrl);

  if (from !== undefined) {
    if (!toPostgres) throw new CliError('--data-dir copies a data folder into PostgreSQL: set DATABASE_URL (and MIGRATION_DATABASE_URL) to the new database');
    if (!fs.existsSync(path.join(from, 'pg'))) throw new CliError(`there is no database in ${from}`);
    const release = lockDataDir(from);
    try {
      const source = await openEmbedded(path.join(from, 'pg'));
      try {
        await embeddedToPostgres(source, config.databaseUrl, config.migrationDatabaseUrl);
      } finally {
        await source.close();
      }
    } finally {
      release();
    }
    return 0;
  }

  const backup = path.resolve(file!);
  if (!fs.existsSync(backup)) throw new CliError(`no file ${backup}`);
  if (backup.endsWith('.pgdump')) {
    if (!toPostgres) throw new CliError('a .pgdump file restores into PostgreSQL: set DATABASE_URL (and MIGRATION_DATABASE_URL) to the new, empty database');
    const owner = await emptyTarget(config.migrationDatabaseUrl);
    try {
      if (!(await hasNoTables(owner))) throw new CliError('pg_restore needs a database without tables: create a new one');
      pgRestore(config.migrationDatabaseUrl, backup);
      await finishPostgres(owner, config.databaseUrl, config.migrationDatabaseUrl);
    } finally {
      await owner.close();
    }
    return 0;
  }
  if (!backup.endsWith('.tar.gz')) throw new CliError(`${backup}: expected a .pgdump or .tar.gz file made by npm run backup\n${USAGE}`);
  const tar = new Blob([fs.readFileSync(backup)]);
  if (toPostgres) {
    const source = await openEmbedded(null, { loadDataDir: tar });
    try {
      await embeddedToPostgres(source, config.databaseUrl, config.migrationDatabaseUrl);
    } finally {
      await source.close();
    }
    return 0;
  }
  const pgDir = path.join(config.dataDir, 'pg');
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
    throw new CliError(`${config.dataDir} holds a database already: set DATA_DIR to a new folder to restore into`);
  }
  const release = lockDataDir(config.dataDir);
  try {
    const db = await openEmbedded(pgDir, { loadDataDir: tar });
    try {
      await migrate(db);
      const { rows } = await db.query<{ m: number; a: number }>('SELECT (SELECT count(*)::int FROM municipalities) AS m, (SELECT count(*)::int FROM audit_events) AS a');
      console.log(`restored into ${config.dataDir}: ${rows[0]?.m} municipalities, ${rows[0]?.a} audit rows`);
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
  ownerOnly(config.dataDir);
  return 0;
}

runCli(main);
