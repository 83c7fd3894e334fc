import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { type Config, loadConfig } from '../platform/config';
import { type Db, openEmbedded, openPostgres } from '../platform/db';
import { appendAudit } from '../platform/audit';
import { migrate } from '../platform/migrate';
import { hashPassword, provisionAccount } from '../modules/accounts';
import { seedMunicipality } from '../seed';

export const TEST_PASSWORD = 'test-demo-password-2026';

let shared: Promise<Db> | null = null;

/** The database of this test file: the PostgreSQL server of the run, or a fresh embedded one. */
export function testDb(): Promise<Db> {
  shared ??= (async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url) return openPostgres(url, 5);
    const db = await openEmbedded(null);
    await migrate(db);
    return db;
  })();
  return shared;
}

/** The engine the tests run on, for test names and engine-specific checks. */
export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded';

let counter = 0;
/** A fictional municipality code for one test tenant (real codes start 01–47; 9 is never used). */
export function tenantCode(): string {
  counter++;
  return `9${String((process.pid * 97 + Date.now() + counter * 7919) % 100000).padStart(5, '0')}`;
}

export interface Agent {
  loginId: string;
  csrfToken: string;
  /** `sasaeai_session=<value>`, ready for a Cookie header. */
  cookie: string;
  /** The session cookie's value alone (what `authenticate()` takes). */
  sessionCookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The tenant the agent signed in to (factories use it to sign in others). */
  tenant: TestTenant;
}

/** A second city administrator in every test tenant: changes that need two administrators (decision 0018) are approved by them. */
export const SECOND_ADMIN = 'city-admin-2';

let ipCounter = 0;
/**
 * A fresh client address per sign-in: the login route has its own per-address rate limit
 * (20 a minute), which a test file signing in many times would otherwise hit.
 */
export function nextClientIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export interface TestTenant {
  app: FastifyInstance;
  db: Db;
  config: Config;
  m: string;
  /** Signs in a seeded account (demo password) or any account and returns an agent. */
  login(loginId: string, password?: string, totp?: string): Promise<Agent>;
  /** The second city administrator, signed in once per tenant. */
  secondAdmin(): Promise<Agent>;
  /** A request without a session. */
  anon: {
    get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
    post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  };
  close(): Promise<void>;
}

/**
 * A whole sasaeai over one fresh municipality with Mine City's structure and the demo
 * accounts, on the run's database. Settings can be overridden per test.
 */
export async function testTenant(overrides: Partial<Config> = {}): Promise<TestTenant> {
  const db = await testDb();
  const m = tenantCode();
  const config: Config = { ...loadConfig({}), defaultMunicipality: m, demoPassword: TEST_PASSWORD, rateLimitPerMinute: 100_000, rateLimitAnonymousPerMinute: 100_000, auditCheck: 'throw', ...overrides };
  const { shippedStructure } = await import('../modules/org');
  await seedMunicipality(db, m, { demo: true, demoPassword: TEST_PASSWORD, structure: shippedStructure('352136')! });
  await provisionSecondAdmin(db, m);
  const app = await buildApp({ db, config, logger: false });
  let second: Promise<Agent> | null = null;
  let tenant: TestTenant;
  const agentFor = (loginId: string, cookie: string, csrfToken: string): Agent => ({
    get tenant() {
      return tenant;
    },
    loginId,
    cookie,
    sessionCookie: cookie.slice(cookie.indexOf('=') + 1),
    csrfToken,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    post: (url, body, headers = {}) =>
      app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body, headers = {}) =>
      app.inject({ method: 'PATCH', url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(body === undefined ? {} : { payload: body as object }) }),
    put: (url, body, headers = {}) =>
      app.inject({ method: 'PUT', url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(body === undefined ? {} : { payload: body as object }) }),
  });
  tenant = {
    app,
    db,
    config,
    m,
    secondAdmin() {
      second ??= tenant.login(SECOND_ADMIN);
      return second;
    },
    async login(loginId, password = TEST_PASSWORD, totp) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: nextClientIp(),
        payload: { loginId, password, ...(totp ? { totp } : {}) },
      });
      if (res.statusCode !== 200) throw new Error(`login ${loginId} failed: ${res.statusCode} ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
      return agentFor(loginId, cookie, res.json().csrfToken);
    },
    anon: {
      get: (url, headers = {}) => app.inject({ method: 'GET', url, headers }),
      post: (url, body, headers = {}) =>
        app.inject({ method: 'POST', url, headers, remoteAddress: nextClientIp(), ...(body === undefined ? {} : { payload: body as object }) }),
    },
    close: () => app.close(),
  };
  return tenant;
}

/** The second administrator, provisioned like the demo accounts (as the first-admin command line does), without a change to approve. */
async function provisionSecondAdmin(db: Db, m: string): Promise<void> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await db.transaction((tx) =>
    provisionAccount(
      tx,
      m,
      { loginId: SECOND_ADMIN, displayName: 'テスト 第二管理者', passwordHash, isDemo: true, roles: ['city_admin'], unitIds: ['division'], areaIds: [], termEndsOn: null },
      async (t, id) => void (await appendAudit(t, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'account.created', subjectType: 'account', subjectId: id, outcome: 'allowed', requestId: 'test', ip: '127.0.0.1', details: { loginId: SECOND_ADMIN } })),
    ),
  );
}
