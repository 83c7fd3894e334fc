import Fastify from 'fastify';
import type { BenchCase } from '../lib';

/** The HTTP baseline: fastify with one JSON route and nothing else (no plugins, hooks or database). */
export const bare: BenchCase = {
  name: 'bare',
  label: 'bare fastify GET /bare',
  async setup(env) {
    const app = Fastify({ logger: false });
    app.get('/bare', async () => ({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening on a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const check = await env.fetchJson(baseUrl, '/bare');
    if (check.status !== 200 || (check.body as { ok?: boolean }).ok !== true) throw new Error(`GET /bare answered ${check.status}`);
    return { run: env.httpGet(baseUrl, '/bare'), teardown: () => app.close() };
  },
};
