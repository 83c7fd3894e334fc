import type { BenchCase } from '../lib';

/** GET /api/health through the whole app: every plugin and hook, the guard of a public route, `SELECT 1`; no session. */
export const health: BenchCase = {
  name: 'health',
  label: 'GET /api/health (full app, no session)',
  compareTo: ['bare'],
  async setup(env) {
    const app = await env.app();
    const check = await env.fetchJson(app.baseUrl, '/api/health');
    if (check.status !== 200 || (check.body as { status?: string }).status !== 'ok') throw new Error(`GET /api/health answered ${check.status}`);
    return { run: env.httpGet(app.baseUrl, '/api/health') };
  },
};
