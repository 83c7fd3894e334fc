import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footprint, unitInput } from './factories';
import { type Agent, type TestTenant, testTenant } from './harness';

let t: TestTenant;
let webDist: string;
let admin: Agent;
beforeAll(async () => {
  // A stand-in for the built SPA, so the HTML routes serve real files.
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-web-'));
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><html lang="ja"><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(webDist, 'assets', 'app-1a2b.js'), 'console.log("app")');
  fs.writeFileSync(path.join(webDist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(webDist, 'secret.txt'), 'not for the web');
  t = await testTenant({ trustProxy: ['127.0.0.1'], webDist });
  admin = await t.login('city-admin');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

/** A request with the admin's cookie and only the headers given (no CSRF token unless given). */
const raw = (method: 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method, url, headers: { cookie: admin.cookie, ...headers }, payload });
const csp = (res: { headers: Record<string, unknown> }) => String(res.headers['content-security-policy'] ?? '');

describe('CSRF: a cookie alone never writes', () => {
  it.each([
    ['without X-CSRF-Token', {}],
    ['with a wrong X-CSRF-Token', { 'x-csrf-token': 'x'.repeat(43) }],
    ['with an empty X-CSRF-Token', { 'x-csrf-token': '' }],
  ])('a cookie-authenticated POST %s is refused with 403 csrf_invalid and writes nothing', async (_how, headers) => {
    const before = await footprint(t);
    const input = unitInput();
    const res = await raw('POST', '/api/org/units', headers, input);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_invalid');
    // Nothing written but the denial's own audit row (issue 14 item 10).
    expect(await footprint(t)).toEqual({ ...before, audit_events: before.audit_events! + 1 });
    expect((await admin.get('/api/org/units')).json().items.map((u: { id: string }) => u.id)).not.toContain(input.id);
  });

  it('a PATCH carrying the token of another session of the same person is refused and changes nothing', async () => {
    const other = await t.login('city-admin');
    const before = await footprint(t);
    const res = await raw('PATCH', '/api/org/units/district-omine', { 'x-csrf-token': other.csrfToken }, { nameJa: '書き換え' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_invalid');
    expect(await footprint(t)).toEqual({ ...before, audit_events: before.audit_events! + 1 });
  });

  it('with the right token the same write goes through (the refusals above were for the token alone)', async () => {
    const res = await raw('POST', '/api/org/units', { 'x-csrf-token': admin.csrfToken }, unitInput());
    expect(res.statusCode).toBe(201);
  });

  it('reads need no token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/org/units', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it.each([
    ['the SPA page', '/'],
    ['a deep SPA path', '/consultations/123'],
    ['the API docs page', '/api/docs'],
    ['an API answer', '/api/health'],
    ['an API error', '/api/me'],
  ])('%s carries a strict CSP (script-src self, frame-ancestors none) and nosniff', async (_what, url) => {
    const res = await t.anon.get(url);
    expect(res.statusCode).toBeLessThan(500);
    expect(csp(res)).toContain("script-src 'self'");
    expect(csp(res)).toContain("frame-ancestors 'none'");
    expect(csp(res)).toContain("object-src 'none'");
    expect(csp(res)).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('over plain http there is no HSTS header', async () => {
    for (const url of ['/', '/api/health']) expect((await t.anon.get(url)).headers['strict-transport-security']).toBeUndefined();
  });

  it('behind an https proxy every answer carries HSTS', async () => {
    for (const url of ['/', '/api/health', '/api/me']) {
      const res = await t.anon.get(url, { 'x-forwarded-proto': 'https' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    }
  });

  it('API answers, errors included, are never cached; the SPA page is revalidated; hashed assets are cached for a year', async () => {
    for (const url of ['/api/health', '/api/me', '/api/no-such-route']) expect((await t.anon.get(url)).headers['cache-control']).toBe('no-store');
    expect((await admin.get('/api/me')).headers['cache-control']).toBe('no-store');
    const page = await t.anon.get('/');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // index.html names the current hashed assets, so it must be revalidated on every visit.
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await t.anon.get('/assets/app-1a2b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('every answer names its request id, always the server\'s own: a client\'s X-Request-Id is not taken (issue 14 item 10)', async () => {
    expect((await t.anon.get('/api/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.anon.get('/api/health', { 'x-request-id': 'proxy-req-0001' })).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.anon.get('/api/health', { 'x-request-id': 'bad id <script>' })).headers['x-request-id']).not.toContain('<');
  });
});

describe('static web routes', () => {
  it('any page path gets the SPA index; an unknown API path gets a JSON 404 instead', async () => {
    const page = await t.anon.get('/people/abc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const api = await t.anon.get('/api/people/abc/nothing');
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('not_found');
  });

  it('only files inside the assets folder are served: traversal and odd names are 404', async () => {
    for (const url of ['/assets/..%2Fsecret.txt', '/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/assets/nope.js', '/secret.txt']) {
      const res = await t.anon.get(url);
      expect(res.body, url).not.toContain('not for the web');
    }
    expect((await t.anon.get('/favicon.svg')).statusCode).toBe(200);
  });

  it('a POST to a page path is 404, not the SPA', async () => {
    const res = await t.anon.post('/people/abc', {});
    expect(res.statusCode).toBe(404);
  });
});
