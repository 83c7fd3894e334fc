/**
 * What one bench run shares between its cases, each built at most once and only when a case
 * asks for it: the database, and the full app listening on loopback over a fresh
 * municipality with a signed-in user.
 *
 * Database: PostgreSQL when BENCH_DATABASE_URL (or DATABASE_URL) is set, migrated first
 * (with BENCH_MIGRATION_DATABASE_URL / MIGRATION_DATABASE_URL as the owner when the URL is an
 * app role without DDL rights), else embedded PGlite in memory. Every run adds a throwaway
 * municipality 9xxxxx to that database: never point the bench at production data.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app';
import { startAuditSealer } from '../server/platform/audit-sealer';
import { loadConfig } from '../server/platform/config';
import { type Db, openEmbedded, openPostgres, type Queryable } from '../server/platform/db';
import { grantAppRole, migrate } from '../server/platform/migrate';
import { seedMunicipality } from '../server/seed';
import { municipalityExists, shippedStructure } from '../server/modules/org';
import { leanGet } from './http-client';
import { type AppUnderTest, type BenchEnvApi, httpClient, type Op } from './lib';

/** The demo account the signed-in cases use (a CSW: subtree reach, no two-factor for demo accounts). */
export const BENCH_LOGIN = 'csw-mine';
const BENCH_PASSWORD = `bench-${crypto.randomBytes(9).toString('base64url')}`;

export interface EnvOptions {
  databaseUrl: string | null;
  migrationDatabaseUrl: string | null;
  concurrency: number;
}

export class BenchEnv implements BenchEnvApi {
  readonly engine: 'embedded' | 'postgres';
  readonly databaseUrl: string | null;
  readonly concurrency: number;
  private readonly http = httpClient();
  private readonly loadClients: (() => void)[] = [];
  private dbPromise: Promise<Db> | null = null;
  private appPromise: Promise<AppUnderTest> | null = null;
  private fastify: FastifyInstance | null = null;
  private stopSealer: (() => Promise<void>) | null = null;

  constructor(private readonly opts: EnvOptions) {
    this.engine = opts.databaseUrl ? 'postgres' : 'embedded';
    this.databaseUrl = opts.databaseUrl;
    this.concurrency = opts.concurrency;
  }

  db(): Promise<Db> {
    this.dbPromise ??= this.openDb();
    return this.dbPromise;
  }

  private async openDb(): Promise<Db> {
    const { databaseUrl, migrationDatabaseUrl } = this.opts;
    if (!databaseUrl) {
      const db = await openEmbedded(null);
      await migrate(db);
      return db;
    }
    if (migrationDatabaseUrl && migrationDatabaseUrl !== databaseUrl) {
      const owner = openPostgres(migrationDatabaseUrl, 1);
      try {
        await migrate(owner);
        const role = decodeURIComponent(new URL(databaseUrl).username);
        if (role) await grantAppRole(owner, role);
      } finally {
        await owner.close();
      }
      return openPostgres(databaseUrl); // the production pool size
    }
    const db = openPostgres(databaseUrl);
    try {
      await migrate(db);
    } catch (err) {
      await db.close();
      throw new Error(
        `Could not migrate ${redactUrl(databaseUrl)}: ${(err as Error).message}\n` +
          'If this URL is the app role, also set BENCH_MIGRATION_DATABASE_URL to the owner URL (or bench with the owner URL).',
        { cause: err },
      );
    }
    return db;
  }

  /** A short description of the database for the report, e.g. `PostgreSQL 15.14 (127.0.0.1:5432/sasaeai_dev)`. */
  async describeDatabase(): Promise<string> {
    const db = await this.db();
    const { rows } = await db.query<{ server_version: string }>('SHOW server_version');
    const version = rows[0]?.server_version ?? '?';
    if (this.engine === 'embedded') return `embedded PGlite (PostgreSQL ${version}, in memory)`;
    return `PostgreSQL ${version} (${redactUrl(this.opts.databaseUrl as string)})`;
  }

  app(): Promise<AppUnderTest> {
    this.appPromise ??= this.startApp();
    return this.appPromise;
  }

  private async startApp(): Promise<AppUnderTest> {
    const db = await this.db();
    const m = await freshMunicipalityCode(db);
    const structure = shippedStructure('352136');
    if (!structure) throw new Error('The shipped structure of 352136 (Mine City) is missing');
    await seedMunicipality(db, m, { demo: true, demoPassword: BENCH_PASSWORD, structure });

    // The app gets a Db whose `query` and `transaction` are swapped for recorders while one
    // GET /api/me runs, so the SQL baseline replays exactly what that request sends. Outside
    // that one request they only call the database's own (one function call, no bookkeeping).
    const recorded: AppUnderTest['meQueries'][number][] = [];
    const recorder = (q: Queryable, inTransaction: boolean): Queryable['query'] => (sql, params, opts) => {
      recorded.push({ sql, params: params ?? [], inTransaction, ...(opts?.name ? { name: opts.name } : {}) });
      return q.query(sql, params, opts);
    };
    const ownQuery: Db['query'] = (sql, params, opts) => db.query(sql, params, opts);
    const ownTransaction: Db['transaction'] = (fn) => db.transaction(fn);
    const appDb: Db = {
      engine: db.engine,
      query: ownQuery,
      transaction: ownTransaction,
      exec: (sql) => db.exec(sql),
      close: async () => undefined, // the env closes the database itself
    };
    const config = { ...loadConfig({}), defaultMunicipality: m, demoPassword: BENCH_PASSWORD, rateLimitPerMinute: 1_000_000_000, rateLimitAnonymousPerMinute: 1_000_000_000 };
    const app = await buildApp({ db: appDb, config, logger: false });
    this.fastify = app;
    // As server/main.ts: the sealer chains the app's audit rows every second, and its work counts in every figure.
    const sealer = startAuditSealer(db, config.auditSealIntervalMs, { onError: (err) => console.error('bench: audit sealing failed', err), onChangedBeforeSeal: () => undefined });
    this.stopSealer = () => sealer.stop();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;

    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { loginId: BENCH_LOGIN, password: BENCH_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`sign-in as ${BENCH_LOGIN} failed: ${login.statusCode} ${login.body}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;

    appDb.query = recorder(db, false);
    appDb.transaction = (fn) => db.transaction((tx) => fn({ query: recorder(tx, true) }));
    let me;
    try {
      me = await this.fetchJson(baseUrl, '/api/me', { cookie });
    } finally {
      appDb.query = ownQuery;
      appDb.transaction = ownTransaction;
    }
    if (me.status !== 200 || (me.body as { loginId?: string }).loginId !== BENCH_LOGIN) {
      throw new Error(`GET /api/me as ${BENCH_LOGIN} answered ${me.status}: ${JSON.stringify(me.body).slice(0, 300)}`);
    }
    return { baseUrl, municipalityCode: m, loginId: BENCH_LOGIN, cookie, meQueries: recorded };
  }

  httpGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Op {
    const client = leanGet({ port: Number(new URL(baseUrl).port), path, headers }, this.concurrency);
    this.loadClients.push(client.close);
    return client.run;
  }

  fetchJson(baseUrl: string, path: string, headers: Record<string, string> = {}) {
    return this.http.json(baseUrl, path, headers);
  }

  async close(): Promise<void> {
    for (const close of this.loadClients.splice(0)) close();
    this.http.close();
    if (this.fastify) await this.fastify.close();
    await this.stopSealer?.();
    if (this.dbPromise) await (await this.dbPromise.catch(() => null))?.close();
  }
}

/** An unused fictional municipality code: 9xxxxx (real codes start 01–47). */
async function freshMunicipalityCode(db: Db): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = `9${String(crypto.randomInt(0, 100_000)).padStart(5, '0')}`;
    if (!(await municipalityExists(db, code))) return code;
  }
  throw new Error('no free 9xxxxx municipality code after 20 tries');
}

/** host:port/database of a URL, without user or password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
