import type { BenchCase } from '../lib';

/**
 * GET /api/me through the whole app as a signed-in CSW: plugins, guard, session lookup with
 * permissions, the handler's reads, and one audit row per call (a read of personal data).
 */
export const me: BenchCase = {
  name: 'me',
  label: 'GET /api/me (full app, signed in)',
  compareTo: ['bare', 'sql'],
  async setup(env) {
    const app = await env.app();
    const inTx = app.meQueries.filter((q) => q.inTransaction).length;
    const writes = app.meQueries.filter((q) => /^\s*(WITH\b[\s\S]*\b)?(INSERT|UPDATE|DELETE)\b/i.test(q.sql)).length;
    return {
      run: env.httpGet(app.baseUrl, '/api/me', { cookie: app.cookie }),
      notes: [`one GET /api/me sends ${app.meQueries.length} statements (${app.meQueries.length - inTx} alone, ${inTx} in one transaction; writes: ${writes}, the audit row among them — one INSERT, no lock; the sealer chains it later)`],
    };
  },
};
