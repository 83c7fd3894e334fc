/**
 * Watch-over at scale (issue #11 §10): 10,000 watched people with 3 plans each and a year of
 * visits (watch-data.ts), through the whole app over loopback (session, guard, zod, the gate's
 * row filter, the audit append):
 *   watch-dashboard   GET /api/watch/dashboard as csw-mine (the 美祢 area: five districts)
 *   watch-overdue     GET /api/watch/plans?overdue=1 as district-omine (first page of 50)
 *   watch-list        GET /api/watch/plans as commissioner-omine (a watcher's own zone, first page)
 * Each against the bare route of the same run. `npm run bench -- watch`.
 */
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/platform/config';
import type { BenchCase, BenchEnvApi, Runner } from '../lib';
import { benchWatch } from './watch-data';

let app: Promise<{ baseUrl: string; cookies: Map<string, string> }> | null = null;

/** One app over the watch data, with its users signed in once. */
function watchApp(env: BenchEnvApi) {
  app ??= (async () => {
    const data = await benchWatch(env);
    const config = { ...loadConfig({}), defaultMunicipality: data.m, demoPassword: data.password, rateLimitPerMinute: 1_000_000_000, rateLimitAnonymousPerMinute: 1_000_000_000 };
    const server = await buildApp({ db: data.db, config, logger: false });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
    const cookies = new Map<string, string>();
    for (const loginId of ['csw-mine', 'district-omine', 'commissioner-omine']) {
      const res = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { loginId, password: data.password, municipalityCode: data.m } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${loginId} failed: ${res.statusCode}`);
      cookies.set(loginId, String(res.headers['set-cookie']).split(';')[0] as string);
    }
    return { baseUrl: `http://127.0.0.1:${address.port}`, cookies };
  })();
  return app;
}

function watchCase(name: string, label: string, loginId: string, path: string, check: (body: Record<string, unknown>) => string): BenchCase {
  return {
    name, label, compareTo: ['bare'],
    async setup(env): Promise<Runner> {
      const data = await benchWatch(env);
      const { baseUrl, cookies } = await watchApp(env);
      const headers = { cookie: cookies.get(loginId)! };
      const first = await env.fetchJson(baseUrl, path, headers);
      if (first.status !== 200) throw new Error(`${path} as ${loginId} answered ${first.status}`);
      return { run: env.httpGet(baseUrl, path, headers), notes: [data.prep, check(first.body as Record<string, unknown>)] };
    },
  };
}

export const watchCases: readonly BenchCase[] = [
  watchCase('watch-dashboard', 'GET /api/watch/dashboard, CSW of 美祢 (10,000 people × 3 plans, a year of visits)', 'csw-mine', '/api/watch/dashboard', (b) => {
    const rows = b.byDistrict as { active: number; overdue: number }[];
    if (!rows.length) throw new Error('the dashboard shows no district');
    return `dashboard: ${rows.length} districts, ${rows.reduce((n, r) => n + r.active, 0).toLocaleString()} active plans, ${rows.reduce((n, r) => n + r.overdue, 0).toLocaleString()} overdue`;
  }),
  watchCase('watch-overdue', 'GET /api/watch/plans?overdue=1, district-omine (first page of 50)', 'district-omine', '/api/watch/plans?overdue=1&limit=50', (b) => {
    if (!(b.items as unknown[]).length) throw new Error('no overdue plan');
    return `overdue list: ${String(b.total)}${b.totalIsLowerBound ? '+' : ''} overdue plans in 大嶺`;
  }),
  watchCase('watch-list', 'GET /api/watch/plans, commissioner-omine (their zone, first page of 50)', 'commissioner-omine', '/api/watch/plans?limit=50', (b) => {
    if (!(b.items as unknown[]).length) throw new Error('the watcher sees no plan');
    return `watcher list: ${String(b.total)}${b.totalIsLowerBound ? '+' : ''} plans in zone 1`;
  }),
];
