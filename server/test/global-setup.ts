import { openPostgres } from '../platform/db';
import { grantAppRole, migrate } from '../platform/migrate';

/**
 * Real PostgreSQL once per run, migrated once (as Immich does); each test file then makes
 * its own municipality, so files never see each other's rows. When the run has an owner
 * role (TEST_MIGRATION_DATABASE_URL) and an app role (TEST_DATABASE_URL), the owner
 * migrates and grants, as in production. Without TEST_DATABASE_URL every file opens its
 * own in-memory embedded PostgreSQL instead.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('[int] database: embedded PostgreSQL (PGlite), in memory, opened and migrated once per run');
    return;
  }
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL || url;
  console.log(`[int] database: PostgreSQL server${ownerUrl !== url ? ' (owner migrates, app role runs)' : ''}`);
  const owner = openPostgres(ownerUrl, 1);
  try {
    await migrate(owner);
    if (ownerUrl !== url) await grantAppRole(owner, decodeURIComponent(new URL(url).username));
  } finally {
    await owner.close();
  }
}
