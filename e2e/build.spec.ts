import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Browser, open, signIn, type E2E, useE2E } from './support/app';

const DIST = path.resolve(import.meta.dirname, '../dist/web');

/**
 * The built web under the server's rules: a strict CSP (no inline script or style), assets
 * as flat files under /assets/ (fonts included, never data: URIs), favicon and robots.txt.
 */
describe('built web and the server\'s content security policy', () => {
  let e2e: E2E;
  let b: Browser;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('index.html has no inline script, no <style> and no style attributes', () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\/[A-Za-z0-9._-]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).toMatch(/<link rel="stylesheet"[^>]*href="\/assets\/[A-Za-z0-9._-]+\.css"/);
  });

  it('every asset is a flat file the server can serve, fonts included', () => {
    const files = fs.readdirSync(path.join(DIST, 'assets'));
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(files.some((f) => f.endsWith('.woff2'))).toBe(true);
    const css = files.filter((f) => f.endsWith('.css')).map((f) => fs.readFileSync(path.join(DIST, 'assets', f), 'utf8')).join('\n');
    expect(/font-family:\s*["']?Noto Sans JP/.test(css), 'the CSS declares Noto Sans JP').toBe(true);
    expect(/url\(\s*["']?\/assets\/noto-sans-jp-[^)]+\.woff2/.test(css), 'fonts are files under /assets/').toBe(true);
    expect(/url\(\s*["']?data:/.test(css), 'no data: URI in the CSS').toBe(false);
    expect(fs.existsSync(path.join(DIST, 'favicon.svg'))).toBe(true);
    expect(fs.existsSync(path.join(DIST, 'robots.txt'))).toBe(true);
  });

  it('the server sends the strict CSP, serves assets, favicon and robots.txt, and index.html for app paths', async () => {
    const res = await fetch(`${e2e.baseUrl}/admin/units`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect((await fetch(`${e2e.baseUrl}${js}`)).status).toBe(200);
    expect((await fetch(`${e2e.baseUrl}/favicon.svg`)).status).toBe(200);
    expect(await (await fetch(`${e2e.baseUrl}/robots.txt`)).text()).toContain('Disallow: /');
  });

  it('the page renders in the self-hosted Noto Sans JP, with no CSP refusal or script error', async () => {
    await signIn(b.page, 'city-admin');
    for (const [p, h] of [['/', 'ホーム'], ['/admin/units', '組織管理'], ['/admin/areas', '区域管理'], ['/admin/accounts', '職員アカウント'], ['/account', 'アカウント設定']] as const) {
      await open(b.page, p, h);
    }
    const font = await b.page.evaluate(async () => {
      await document.fonts.ready;
      return { family: getComputedStyle(document.body).fontFamily, loaded: document.fonts.check('16px "Noto Sans JP"', '美祢市') };
    });
    expect(font.family).toMatch(/^"?Noto Sans JP"?/);
    expect(font.loaded).toBe(true);
    expect(b.problems).toEqual([]);
  });
});
