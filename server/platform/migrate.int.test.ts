import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ownerDb } from '../test/factories';
import { testDb, testEngine } from '../test/harness';
import { type Db, openEmbedded } from './db';
import { migrate } from './migrate';

describe(`migrations on the run's database (${testEngine})`, () => {
  let owner: ReturnType<typeof ownerDb>;
  beforeAll(async () => {
    owner = ownerDb({ db: await testDb() });
  });
  afterAll(() => owner.close());

  it('migrating a database that is up to date is a no-op', async () => {
    await migrate(owner.db); // the harness migrates the embedded database already; the server run's global setup migrated PostgreSQL
    const { rows: before } = await owner.db.query<{ version: string; applied_at: Date }>('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(await migrate(owner.db)).toEqual([]);
    const { rows: after } = await owner.db.query<{ version: string; applied_at: Date }>('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(after).toEqual(before);
    expect(before.map((r) => r.version)).toEqual(expect.arrayContaining(['0001_extensions', '0002_kernel']));
  });
});

describe('forward-only migrations (a scratch database and folder)', () => {
  let dir: string;
  let db: Db;
  let n = 0;
  const write = (name: string, sql: string) => fs.writeFileSync(path.join(dir, name), sql);
  const tables = async () =>
    (await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'mig_%' ORDER BY 1`)).rows.map((r) => r.t);
  // One embedded database (a single connection), a fresh schema per test: schema_migrations and the tables land in it.
  beforeAll(async () => {
    db = await openEmbedded(null);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-mig-'));
    n++;
    await db.exec(`CREATE SCHEMA scratch_${n}; SET search_path TO scratch_${n}`);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies new migrations in file order, once', async () => {
    write('0002_b.sql', 'CREATE TABLE mig_b (a_id int REFERENCES mig_a);\n');
    write('0001_a.sql', 'CREATE TABLE mig_a (id int PRIMARY KEY);\n');
    write('README.md', 'not a migration');
    write('3_bad-name.sql', 'CREATE TABLE mig_ignored (x int);');
    expect(await migrate(db, dir)).toEqual(['0001_a', '0002_b']);
    expect(await migrate(db, dir)).toEqual([]);
    expect(await tables()).toEqual(['mig_a', 'mig_b']);
  });

  it('a database that is up to date costs one read at boot: no transaction, no lock', async () => {
    write('0001_a.sql', 'CREATE TABLE mig_a (id int);\n');
    write('0002_b.sql', 'CREATE TABLE mig_b (id int);\n');
    await migrate(db, dir);
    const sent: string[] = [];
    const watched: Db = {
      ...db,
      query: (sql, params) => (sent.push(sql), db.query(sql, params)),
      transaction: (fn) => (sent.push('BEGIN'), db.transaction(fn)),
      exec: (sql) => (sent.push(sql), db.exec(sql)),
    };
    expect(await migrate(watched, dir)).toEqual([]);
    expect(sent).toEqual([expect.stringMatching(/^CREATE TABLE IF NOT EXISTS schema_migrations/), 'SELECT version, checksum FROM schema_migrations']);
    write('0003_c.sql', 'CREATE TABLE mig_c (id int);\n');
    expect(await migrate(watched, dir)).toEqual(['0003_c']);
    expect(sent).toContain('BEGIN');
  });

  it('an applied migration whose file changed stops the boot, and nothing after it is applied', async () => {
    write('0001_a.sql', 'CREATE TABLE mig_a (id int);\n');
    await migrate(db, dir);
    write('0001_a.sql', 'CREATE TABLE mig_a (id int, extra text);\n');
    write('0002_b.sql', 'CREATE TABLE mig_b (id int);\n');
    await expect(migrate(db, dir)).rejects.toThrow(/0001_a was changed after it was applied.*forward-only/s);
    expect(await tables()).toEqual(['mig_a']);
  });

  it('a migration that fails half way leaves nothing of itself behind and is applied once fixed', async () => {
    write('0001_a.sql', 'CREATE TABLE mig_a (id int);\n');
    write('0002_b.sql', 'CREATE TABLE mig_b (id int);\nINSERT INTO mig_nowhere VALUES (1);\n');
    await expect(migrate(db, dir)).rejects.toThrow(/mig_nowhere/);
    expect(await tables()).toEqual(['mig_a']);
    const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY 1');
    expect(rows.map((r) => r.version)).toEqual(['0001_a']);
    write('0002_b.sql', 'CREATE TABLE mig_b (id int);\n');
    expect(await migrate(db, dir)).toEqual(['0002_b']);
  });

  it('a migration with a $$ function body is applied as one statement', async () => {
    write('0001_fn.sql', "CREATE TABLE mig_f (x int);\nCREATE FUNCTION mig_f_guard() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'nope';\nEND;\n$$;\nCREATE TRIGGER mig_f_t BEFORE INSERT ON mig_f FOR EACH ROW EXECUTE FUNCTION mig_f_guard();\n");
    expect(await migrate(db, dir)).toEqual(['0001_fn']);
    await expect(db.query('INSERT INTO mig_f VALUES (1)')).rejects.toThrow(/nope/);
  });
});
