import pg from 'pg';
import type { BenchCase } from '../lib';

/**
 * The database baseline: the session lookup every signed-in request starts with
 * (sessions.repo.ts `findSessionActor`: session, timeouts, roles, permissions, reaches, units and
 * their subtree, areas, and the names /api/me shows), with the real parameters of the signed-in session, sent straight to the
 * database the way the app sends it — a named prepared statement on PostgreSQL, planned once per
 * connection. The statement is captured from a real GET /api/me (bench/env.ts), so it cannot
 * drift from the app. PostgreSQL: a raw `pg.Pool` of the app's size (10). PGlite: the one
 * in-memory database's own query function (PGlite is a single connection and cannot be opened twice).
 */
export const sql: BenchCase = {
  name: 'sql',
  label: 'session lookup SQL (raw)',
  async setup(env) {
    const app = await env.app();
    const lookup = app.meQueries[0];
    if (!lookup || !/\bsessions\b/.test(lookup.sql)) {
      throw new Error('The first statement of GET /api/me is no longer the session lookup; update bench/cases/sql.ts');
    }
    const params = [...lookup.params];
    const name = lookup.name;
    let query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;
    let teardown: (() => Promise<void>) | undefined;
    if (env.engine === 'postgres') {
      const url = env.databaseUrl;
      if (!url) throw new Error('no database URL');
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      query = (text, values) => pool.query(name ? { name, text, values } : { text, values });
      teardown = () => pool.end();
    } else {
      const db = await env.db();
      query = (text, values) => db.query(text, values);
    }
    const first = await query(lookup.sql, params);
    if (first.rows.length !== 1) throw new Error(`the session lookup found ${first.rows.length} rows, expected 1`);
    return {
      run: async () => {
        const { rows } = await query(lookup.sql, params);
        if (rows.length !== 1) throw new Error('session lookup found no row');
      },
      ...(teardown ? { teardown } : {}),
    };
  },
};
