import type { BenchCase } from '../lib';

/**
 * GET /api/me through the whole app as a signed-in CSW: plugins, guard, the session lookup (one
 * prepared statement, which also brings the names, address and two-factor state the answer
 * shows), and the JSON answer. Not audited: it shows a person their own account (decision 0007).
 */
export const me: BenchCase = {
  name: 'me',
  label: 'GET /api/me (full app, signed in)',
  compareTo: ['bare', 'sql'],
  async setup(env) {
    const app = await env.app();
    const inTx = app.meQueries.filter((q) => q.inTransaction).length;
    const named = app.meQueries.filter((q) => q.name).map((q) => q.name);
    const writes = app.meQueries.filter((q) => /^\s*(WITH\b[\s\S]*\b)?(INSERT|UPDATE|DELETE)\b/i.test(q.sql)).length;
    return {
      run: env.httpGet(app.baseUrl, '/api/me', { cookie: app.cookie }),
      notes: [
        `one GET /api/me sends ${app.meQueries.length} statements (${app.meQueries.length - inTx} alone, ${inTx} in a transaction; ` +
          `${writes} of them write; prepared by name: ${named.join(', ') || 'none'})`,
      ],
    };
  },
};
