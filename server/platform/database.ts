import path from 'node:path';
import type { Config } from './config';
import { secureDataDir } from './data-dir';
import { lockDataDir } from './data-lock';
import { type Db, openEmbedded, openPostgres } from './db';
import { grantAppRole, migrate } from './migrate';

/**
 * Opens the configured database and brings its schema up to date: embedded PGlite in
 * DATA_DIR (owner-only, checked at every start; locked against a second process) when
 * DATABASE_URL is empty, else PostgreSQL.
 * Migrations run on the owner connection; a separate app role gets its grants.
 */
export async function openConfiguredDatabase(config: Config): Promise<{ db: Db; close: () => Promise<void> }> {
  if (!config.databaseUrl) {
    secureDataDir(config.dataDir);
    const release = lockDataDir(config.dataDir);
    try {
      const db = await openEmbedded(path.join(config.dataDir, 'pg'));
      await migrate(db);
      return { db, close: async () => { await db.close(); release(); } };
    } catch (err) {
      release();
      throw err;
    }
  }
  if (config.migrationDatabaseUrl !== config.databaseUrl) {
    const owner = openPostgres(config.migrationDatabaseUrl, 1);
    try {
      await migrate(owner);
      const appRole = new URL(config.databaseUrl).username;
      if (appRole) await grantAppRole(owner, decodeURIComponent(appRole));
    } finally {
      await owner.close();
    }
  }
  const db = openPostgres(config.databaseUrl);
  if (config.migrationDatabaseUrl === config.databaseUrl) await migrate(db);
  return { db, close: () => db.close() };
}
