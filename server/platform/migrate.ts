import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      return { version: f.replace(/\.sql$/, ''), sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

const changedError = (version: string) =>
  new Error(`Migration ${version} was changed after it was applied. Migrations are forward-only: add a new one.`);

/**
 * Applies the forward-only SQL migrations not yet applied, each in its own transaction,
 * under an advisory lock so two processes booting together do not race.
 * An applied migration whose file changed stops the boot: history is never rewritten.
 * A database that is up to date costs one read (every restart): the lock and the per-file
 * transactions are for when there is something to apply.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const migrations = readMigrations(dir);
  const { rows: done } = await db.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations');
  const checksums = new Map(done.map((r) => [r.version, r.checksum]));
  for (const m of migrations) {
    const checksum = checksums.get(m.version);
    if (checksum !== undefined && checksum !== m.checksum) throw changedError(m.version);
  }
  if (migrations.every((m) => checksums.has(m.version))) return [];
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727001)');
      const { rows } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows[0]) {
        if (rows[0].checksum !== m.checksum) throw changedError(m.version);
        return false;
      }
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [m.version, m.checksum]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/**
 * Splits a script into statements on `;` at line ends, keeping `$$ … $$` bodies whole,
 * because an extended-protocol query carries one statement.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    current += line + '\n';
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/**
 * When the app connects as its own role (not the owner that migrates), grant it what it needs
 * and no more: it may append to the audit log and its seals and read them, never UPDATE,
 * DELETE or TRUNCATE them; of the sealer's cursor it may only read and move the one row.
 * See docs/operations.md.
 */
export async function grantAppRole(db: Db, appRole: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new Error(`Unsafe role name: ${appRole}`);
  await db.exec(`
    GRANT USAGE ON SCHEMA public TO ${appRole};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${appRole};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_seals FROM ${appRole};
    REVOKE INSERT, DELETE, TRUNCATE ON audit_seal_cursor FROM ${appRole};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${appRole};
  `);
}
