import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermission } from '../../core/permissions';
import { buildApp, listRoutes, type RouteEntry } from '../app';
import { loadConfig } from '../platform/config';
import type { Db } from '../platform/db';

/** Building the app touches no database: every query is a failure here. */
const noDb: Db = {
  engine: 'embedded',
  query: () => Promise.reject(new Error('no database in this test')),
  transaction: () => Promise.reject(new Error('no database in this test')),
  exec: () => Promise.reject(new Error('no database in this test')),
  close: async () => undefined,
};

let app: FastifyInstance;
let routes: readonly RouteEntry[];
beforeAll(async () => {
  app = await buildApp({ db: noDb, config: { ...loadConfig({}), webDist: '/nonexistent-web-dist' }, logger: false });
  await app.ready();
  routes = listRoutes(app);
});
afterAll(() => app.close());

const describeAuth = (r: RouteEntry) =>
  'public' in r.auth ? 'PUBLIC' : `${r.auth.permission}${r.auth.allowDuringEnrolment ? ' (also during two-factor enrolment)' : ''}${r.auth.allowDuringPasswordChange ? ' (also before the first password is changed)' : ''}`;

describe('route permissions (DESIGN.md §3 rule 1)', () => {
  it('every route and who may call it — a change here is a permission change and shows in review', () => {
    const table = [...routes]
      .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
      .map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(44)} ${describeAuth(r)}`);
    expect(table.length).toBeGreaterThan(10);
    expect(table).toMatchSnapshot();
  });

  it('every route is either public or needs a permission that exists in core/permissions.ts', () => {
    for (const r of routes) {
      if ('public' in r.auth) expect(r.auth.public, `${r.method} ${r.url}`).toBe(true);
      else expect(isPermission(r.auth.permission), `${r.method} ${r.url} needs unknown permission ${r.auth.permission}`).toBe(true);
    }
  });

  it('the public routes are exactly health, the OpenAPI document and page, sign-in, sign-out, the residents\' consultation form and volunteer sign-up, the static web files (with the offline shell: service worker and manifest) and the public directory (reads only)', () => {
    const open = routes.filter((r) => 'public' in r.auth).map((r) => `${r.method} ${r.url}`).sort();
    expect(open).toEqual(
      [
        'GET /api/health',
        'GET /api/openapi.json',
        'GET /api/docs',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'POST /api/public/consultations',
        'GET /api/public/consultation-form',
        'POST /api/public/helpers',
        'GET /api/public/helper-form',
        'GET /assets/*',
        'GET /favicon.svg',
        'GET /robots.txt',
        'GET /manifest.webmanifest',
        'GET /sw.js',
        'GET /api/public/services',
        'GET /api/public/services/:id',
        'GET /api/public/areas',
        'GET /api/hsds/',
        'GET /api/hsds/services',
        'GET /api/hsds/services/:id',
        'GET /api/hsds/taxonomies',
        'GET /api/hsds/taxonomies/:id',
        'GET /api/hsds/taxonomy_terms',
        'GET /api/hsds/taxonomy_terms/:id',
        'GET /api/hsds/organizations',
        'GET /api/hsds/organizations/:id',
      ].sort(),
    );
  });

  it('every write route needs a permission (no public writes besides sign-in, sign-out, a resident sending a worry and a volunteer signing up)', () => {
    const publicWrites = routes.filter((r) => r.method !== 'GET' && 'public' in r.auth).map((r) => r.url);
    expect(publicWrites.sort()).toEqual(['/api/auth/login', '/api/auth/logout', '/api/public/consultations', '/api/public/helpers']);
  });

  it('only sign-out, /api/me and two-factor enrolment are reachable before enrolment is finished', () => {
    const duringEnrolment = routes.filter((r) => 'permission' in r.auth && r.auth.allowDuringEnrolment).map((r) => `${r.method} ${r.url}`);
    expect(duringEnrolment.sort()).toEqual(['GET /api/me', 'POST /api/me/totp', 'POST /api/me/totp/confirm']);
  });

  it('only sign-out, /api/me and the password change are reachable before a first or reset password is changed (decision 0018)', () => {
    const before = routes.filter((r) => 'permission' in r.auth && r.auth.allowDuringPasswordChange).map((r) => `${r.method} ${r.url}`);
    expect(before.sort()).toEqual(['GET /api/me', 'POST /api/me/password']);
  });

  it('the route list is the router: every listed route is really served', () => {
    for (const r of routes) for (const method of r.method.split(',')) expect(app.hasRoute({ method: method as 'GET', url: r.url }), `${method} ${r.url}`).toBe(true);
  });
});

describe('deny by default', () => {
  it('a route that declares neither a permission nor public stops the boot', async () => {
    const fresh = await buildApp({ db: noDb, config: { ...loadConfig({}), webDist: '/nonexistent-web-dist' }, logger: false });
    expect(() => fresh.get('/api/forgotten', async () => ({ oops: true }))).toThrow(/declares no permission/);
    await fresh.close();
  });
});
