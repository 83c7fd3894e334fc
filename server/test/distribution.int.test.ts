import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../platform/db';
import { ownerDb } from './factories';
import { testDb, testEngine } from './harness';

/**
 * The schema stays ready to be distributed by municipality (DESIGN.md §4; Citus, which cannot be
 * installed here: docs/operations.md "Distributing by municipality"). Read from the catalog after
 * migration, so a new migration that breaks a rule fails here:
 * - every table either has `municipality_code` (a tenant table: distributed by it) or is on
 *   GLOBAL_TABLES with the reason it belongs to no one municipality and what it would be under
 *   Citus (a reference table copied to every node, or a table of the coordinator or of each node);
 * - a tenant table has a primary key, `municipality_code` is NOT NULL and of one type everywhere
 *   (co-located tables need the same distribution column type);
 * - every primary key, unique constraint, unique index and exclusion constraint of a tenant table
 *   has `municipality_code` among its key columns (a shard can only enforce what lies inside it);
 * - every foreign key between tenant tables pairs `municipality_code` with `municipality_code`
 *   (co-located joins); a tenant table may reference a global table; a global table may not
 *   reference a tenant table (Citus allows neither a reference nor a local table to).
 */
interface GlobalTable {
  /** Why no one municipality owns its rows. */
  reason: string;
  /** What it would be under Citus. */
  citus: 'reference' | 'coordinator' | 'per node';
  /** The migration that creates it: until that is applied, the table is not expected. */
  since?: string;
}

const GLOBAL_TABLES: Readonly<Record<string, GlobalTable>> = {
  schema_migrations: {
    reason: 'the migration ledger of the whole database: one row per migration file, written by the owner role at boot, never by a tenant',
    citus: 'coordinator',
  },
  audit_seal_cursor: {
    reason: "the audit sealer's place in the server's transaction ids (one row): transaction ids belong to the server, not to a municipality",
    citus: 'per node', // transaction ids and snapshots are per node under Citus: one cursor and one sealer per node
    since: '0012_audit_sealer',
  },
};

const TENANT_COLUMN = 'municipality_code';

interface TableRow { table_name: string; is_tenant: boolean; has_primary_key: boolean }
interface ColumnRow { table_name: string; not_null: boolean; type: string }
interface KeyRow { table_name: string; key_name: string; kind: 'primary key' | 'unique index' | 'exclusion constraint'; has_tenant_key: boolean }
interface ForeignKeyRow { table_name: string; key_name: string; referenced_table: string; pairs_tenant: boolean }

/** Everything in `schema` that would stop it being distributed by municipality, one line each. */
async function distributionProblems(db: Queryable, schema: string, globalTables: Readonly<Record<string, GlobalTable>>): Promise<string[]> {
  const { rows: tables } = await db.query<TableRow>(
    `SELECT c.relname AS table_name,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $2 AND NOT a.attisdropped) AS is_tenant,
            EXISTS (SELECT 1 FROM pg_index ix WHERE ix.indrelid = c.oid AND ix.indisprimary) AS has_primary_key
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1`,
    [schema, TENANT_COLUMN],
  );
  const tenant = new Set(tables.filter((t) => t.is_tenant).map((t) => t.table_name));
  const problems: string[] = [];
  for (const t of tables) {
    if (!t.is_tenant && !globalTables[t.table_name]) problems.push(`${t.table_name}: has no ${TENANT_COLUMN} and is not on the list of global tables`);
    if (t.is_tenant && globalTables[t.table_name]) problems.push(`${t.table_name}: is on the list of global tables but has ${TENANT_COLUMN}`);
    if (t.is_tenant && !t.has_primary_key) problems.push(`${t.table_name}: has no primary key`);
  }
  const applied = await appliedMigrations(db);
  for (const [listed, g] of Object.entries(globalTables)) {
    const expected = !g.since || applied.has(g.since);
    if (expected && !tables.some((t) => t.table_name === listed)) problems.push(`${listed}: is on the list of global tables but does not exist`);
  }
  problems.push(...(await columnProblems(db, schema)), ...(await keyProblems(db, schema, tenant)), ...(await foreignKeyProblems(db, schema, tenant)));
  return problems.sort();
}

/** Migrations applied to the database (a scratch schema has none of its own: the run's are read). */
async function appliedMigrations(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => r.version));
}

async function columnProblems(db: Queryable, schema: string): Promise<string[]> {
  const { rows } = await db.query<ColumnRow>(
    `SELECT c.relname AS table_name, a.attnotnull AS not_null, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attname = $2 AND NOT a.attisdropped`,
    [schema, TENANT_COLUMN],
  );
  return rows.flatMap((r) => [
    ...(r.not_null ? [] : [`${r.table_name}: ${TENANT_COLUMN} may be NULL`]),
    ...(r.type === 'text' ? [] : [`${r.table_name}: ${TENANT_COLUMN} is ${r.type}, not text as in every other table`]),
  ]);
}

async function keyProblems(db: Queryable, schema: string, tenant: ReadonlySet<string>): Promise<string[]> {
  // Key columns only: a column in INCLUDE (…) does not make the key unique per municipality.
  const { rows } = await db.query<KeyRow>(
    `SELECT t.relname AS table_name, i.relname AS key_name, CASE WHEN ix.indisprimary THEN 'primary key' ELSE 'unique index' END AS kind,
            EXISTS (SELECT 1 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                     WHERE k.ord <= ix.indnkeyatts AND a.attname = $2) AS has_tenant_key
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND ix.indisunique
     UNION ALL
     SELECT t.relname, c.conname, 'exclusion constraint',
            EXISTS (SELECT 1 FROM unnest(c.conkey) AS k(attnum) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum WHERE a.attname = $2)
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND c.contype = 'x'`,
    [schema, TENANT_COLUMN],
  );
  return rows.filter((r) => tenant.has(r.table_name) && !r.has_tenant_key).map((r) => `${r.table_name}: ${r.kind} ${r.key_name} lacks ${TENANT_COLUMN}`);
}

async function foreignKeyProblems(db: Queryable, schema: string, tenant: ReadonlySet<string>): Promise<string[]> {
  const { rows } = await db.query<ForeignKeyRow>(
    `SELECT src.relname AS table_name, c.conname AS key_name, dst.relname AS referenced_table,
            EXISTS (SELECT 1 FROM unnest(c.conkey, c.confkey) AS k(a, b)
                      JOIN pg_attribute fa ON fa.attrelid = c.conrelid AND fa.attnum = k.a
                      JOIN pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = k.b
                     WHERE fa.attname = $2 AND ta.attname = $2) AS pairs_tenant
       FROM pg_constraint c JOIN pg_class src ON src.oid = c.conrelid JOIN pg_namespace n ON n.oid = src.relnamespace
       JOIN pg_class dst ON dst.oid = c.confrelid
      WHERE n.nspname = $1 AND c.contype = 'f'`,
    [schema, TENANT_COLUMN],
  );
  return rows.flatMap((r) => {
    if (!tenant.has(r.referenced_table)) return []; // a global table: any row may point at it
    if (!tenant.has(r.table_name)) return [`${r.table_name}: foreign key ${r.key_name} of a global table points at the tenant table ${r.referenced_table}`];
    return r.pairs_tenant ? [] : [`${r.table_name}: foreign key ${r.key_name} to ${r.referenced_table} does not pair ${TENANT_COLUMN} with ${TENANT_COLUMN}`];
  });
}

describe(`the migrated schema can be distributed by municipality (${testEngine})`, () => {
  it('every table is a tenant table keyed by municipality_code, or a listed global table, with no exception', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(await distributionProblems(db, rows[0]!.schema, GLOBAL_TABLES)).toEqual([]);
  });

  it('the tenant tables are all there is besides the global list: the check sees the real schema', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'municipality_code'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(40);
  });
});

describe('the check names what breaks the rules (a scratch schema)', () => {
  const schema = `dist_check_${process.pid}`;
  let owner: ReturnType<typeof ownerDb>;
  beforeAll(async () => {
    owner = ownerDb({ db: await testDb() });
    await owner.db.exec(`
      DROP SCHEMA IF EXISTS ${schema} CASCADE;
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.good (municipality_code text NOT NULL, good_id text NOT NULL, code text NOT NULL,
        PRIMARY KEY (municipality_code, good_id), UNIQUE (municipality_code, code));
      CREATE TABLE ${schema}.codes (code text PRIMARY KEY);
      CREATE TABLE ${schema}.global_id (municipality_code text NOT NULL, item_id text PRIMARY KEY);
      CREATE TABLE ${schema}.loose_unique (municipality_code text NOT NULL, item_id text NOT NULL, login text NOT NULL,
        PRIMARY KEY (municipality_code, item_id), UNIQUE (login));
      CREATE UNIQUE INDEX loose_included ON ${schema}.loose_unique (item_id) INCLUDE (municipality_code);
      CREATE TABLE ${schema}.links (municipality_code text NOT NULL, link_id text NOT NULL, good_id text, item_id text, code text REFERENCES ${schema}.codes,
        PRIMARY KEY (municipality_code, link_id),
        FOREIGN KEY (municipality_code, good_id) REFERENCES ${schema}.good (municipality_code, good_id),
        CONSTRAINT links_item FOREIGN KEY (item_id) REFERENCES ${schema}.global_id (item_id),
        CONSTRAINT links_crossed FOREIGN KEY (good_id, municipality_code) REFERENCES ${schema}.good (municipality_code, good_id));
      CREATE TABLE ${schema}.no_key (municipality_code varchar(6), note text);
      CREATE TABLE ${schema}.stray (id int PRIMARY KEY);
      CREATE TABLE ${schema}.lookup (lookup_id text PRIMARY KEY, m text NOT NULL, good_id text NOT NULL,
        CONSTRAINT lookup_good FOREIGN KEY (m, good_id) REFERENCES ${schema}.good (municipality_code, good_id));
    `);
  });
  afterAll(async () => {
    await owner.db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await owner.close();
  });

  it('a global key, a unique key without the tenant, a key that only INCLUDEs it, a crossed or missing pairing, an unlisted or vanished table and a global table pointing at a tenant are each named', async () => {
    const problems = await distributionProblems(owner.db, schema, {
      codes: { reason: 'a code list', citus: 'reference' },
      lookup: { reason: 'listed, but points at a tenant table', citus: 'reference' },
      good: { reason: 'listed by mistake', citus: 'reference' },
      gone: { reason: 'listed, never created', citus: 'reference' },
      later: { reason: 'made by a migration not applied yet', citus: 'reference', since: '9999_not_yet' },
    });
    expect(problems).toEqual([
      'global_id: primary key global_id_pkey lacks municipality_code',
      'gone: is on the list of global tables but does not exist',
      'good: is on the list of global tables but has municipality_code',
      'links: foreign key links_crossed to good does not pair municipality_code with municipality_code',
      'links: foreign key links_item to global_id does not pair municipality_code with municipality_code',
      'lookup: foreign key lookup_good of a global table points at the tenant table good',
      'loose_unique: unique index loose_included lacks municipality_code',
      'loose_unique: unique index loose_unique_login_key lacks municipality_code',
      'no_key: has no primary key',
      'no_key: municipality_code is character varying(6), not text as in every other table',
      'no_key: municipality_code may be NULL',
      'stray: has no municipality_code and is not on the list of global tables',
    ]);
  });
});
