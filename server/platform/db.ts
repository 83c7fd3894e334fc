import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type pg from 'pg';

/** Options of one statement. */
export interface QueryOptions {
  /**
   * Sends the statement as a named prepared statement on PostgreSQL: each connection parses and
   * plans it once and then only binds and runs it. For the statements every request sends (the
   * session lookup), where planning costs more than running. One name, one SQL text, for the life
   * of the process. PGlite ignores it (one in-process connection, no round trip to save).
   */
  name?: string;
}

/** The one database interface both engines implement: parameterised SQL and transactions. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly engine: 'embedded' | 'postgres';
  /** Runs `fn` in one transaction: everything it writes (audit rows included) commits or none does. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Embedded only: a gzipped tar of the whole data folder, taken between two transactions (a
   * CHECKPOINT first), so it is a consistent copy of a running database (docs/operations.md "Backup").
   */
  dumpDataDir?(): Promise<Blob>;
}

// Dates stay ISO strings (a `date` has no time zone); int8 counts become numbers.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

let nodePostgres: typeof pg | null = null;
/** node-postgres, loaded on first use: the embedded engine never needs it (a tenth of a second of every start). */
function loadPg(): typeof pg {
  if (nodePostgres) return nodePostgres;
  const loaded = createRequire(import.meta.url)('pg') as typeof pg;
  loaded.types.setTypeParser(DATE_OID, (v: string) => v);
  loaded.types.setTypeParser(INT8_OID, (v: string) => Number(v));
  loaded.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v));
  nodePostgres = loaded;
  return loaded;
}

/** A FIFO mutex: PGlite is one connection, so a transaction must not interleave with other queries. */
function mutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Opens embedded PostgreSQL (PGlite) in `dataDir`, or in memory when `dataDir` is null;
 * `loadDataDir`: a tar made by `dumpDataDir` to start from (the folder must hold no database yet).
 */
export async function openEmbedded(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: { pg_trgm, btree_gist },
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) },
  });
  const exclusive = mutex();
  return {
    engine: 'embedded',
    query: (sql, params) => exclusive(() => lite.query(sql, params as unknown[])) as never,
    transaction: (fn) => exclusive(() => lite.transaction((tx) => fn({ query: (s, p) => tx.query(s, p as unknown[]) as never }))),
    exec: async (sql) => {
      await exclusive(() => lite.exec(sql));
    },
    close: () => exclusive(() => lite.close()),
    // Inside the mutex no transaction is open: the files are those of a committed state.
    dumpDataDir: () =>
      exclusive(async () => {
        await lite.query('CHECKPOINT');
        return lite.dumpDataDir('gzip');
      }),
  };
}

function pgQuery(text: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined): pg.QueryConfig {
  return { text, values: params as unknown[] | undefined, ...(opts?.name ? { name: opts.name } : {}) };
}

/** Opens a pool on a PostgreSQL server. */
export function openPostgres(url: string, max = 10): Db {
  // JIT off for this pool's sessions (a startup option, so it holds for every connection, whatever
  // the role or the server's postgresql.conf). The app's statements are short OLTP queries; when a
  // search over a large table crosses jit_above_cost the server spends 40–80 ms compiling code to
  // save a few (measured on the 1M-person bench, docs/bench.md "People"). Per connection rather than
  // `ALTER ROLE … SET jit = off`: it travels with the code, needs no superuser step on each server,
  // and leaves ad-hoc sessions (psql, reports) free to use JIT. PGlite is built without JIT.
  const pool = new (loadPg().Pool)({ connectionString: url, max, options: '-c jit=off' });
  pool.on('error', () => undefined); // an idle client dropped by the server; the next query reconnects
  return {
    engine: 'postgres',
    query: (sql, params, opts) => pool.query(pgQuery(sql, params, opts)) as never,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (s, p, o) => client.query(pgQuery(s, p, o)) as never });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
