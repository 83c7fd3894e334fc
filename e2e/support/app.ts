import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startAuditSealer } from '../../server/platform/audit-sealer';
import { ensureBuilt } from '../../scripts/build.mjs';
import { TEST_PASSWORD, testTenant, type TestTenant } from '../../server/test/harness';

export { TEST_PASSWORD };

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'e2e/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * dist/web as the server will serve it: built from the current sources. `npm test` and
 * `npm run test:e2e` build it first; a developer's run of one spec builds it here when its
 * sources changed (scripts/build.mjs, the same check `npm start` makes).
 */
export async function ensureWebBuilt(): Promise<void> {
  await ensureBuilt(['web']);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Script errors and Content-Security-Policy refusals seen so far (there should be none). */
  problems: string[];
  close(): Promise<void>;
}

export interface E2E {
  baseUrl: string;
  tenant: TestTenant;
  /** A fresh Chromium with its own profile (so its own cookies and storage). */
  openBrowser(opts?: { width?: number; locale?: string }): Promise<Browser>;
  close(): Promise<void>;
}

/**
 * The real server in this process (server/app.ts over a fresh municipality with Mine City's
 * structure and the demo accounts, on the run's database) listening on a free port, and
 * Debian's Chromium driven by playwright-core.
 */
export async function startE2E(): Promise<E2E> {
  await ensureWebBuilt();
  const tenant = await testTenant();
  // As server/main.ts does: audit rows get their seq on the audit screen a moment after they are written.
  const sealer = startAuditSealer(tenant.db, 250, {
    onError: (err) => console.error('audit sealing failed', err),
    onChangedBeforeSeal: (ids) => console.error('audit rows changed before they were sealed', ids),
  });
  await tenant.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = tenant.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browsers: Browser[] = [];

  return {
    baseUrl,
    tenant,
    async openBrowser({ width = 1280, locale = 'ja-JP' } = {}) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-e2e-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width, height: 900 },
        locale,
        timezoneId: 'Asia/Tokyo',
        baseURL: baseUrl,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
      });
      const browser: Browser = {
        context,
        page,
        problems,
        async close() {
          await context.close();
          fs.rmSync(profile, { recursive: true, force: true });
        },
      };
      browsers.push(browser);
      return browser;
    },
    async close() {
      for (const b of browsers) await b.close().catch(() => undefined);
      await tenant.close();
      await sealer.stop();
    },
  };
}

/** Signs in through the form and waits for the home page. */
export async function signIn(page: Page, loginId: string, password = TEST_PASSWORD): Promise<void> {
  await page.context().clearCookies(); // whoever was signed in before
  await page.goto('/login');
  await page.locator('input[name="loginId"]').fill(loginId);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.locator('h1').first().waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /ログアウト|Sign out/ }).click();
  await page.waitForURL((url) => url.pathname === '/login');
}

/** Goes to a page of the SPA and waits for its heading. */
export async function open(page: Page, pathname: string, heading: string | RegExp): Promise<void> {
  await page.goto(pathname);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** JIS X 8341-3 / WCAG 2.1 AA by axe: no violations, and each one printed when there are. */
export async function expectAccessible(page: Page, label: string, opts: { quiet?: boolean } = {}): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (results.violations.length > 0 && !opts.quiet) {
    const lines = results.violations.flatMap((v) => [
      `[axe] ${label}: ${v.id} (${v.impact}) ${v.help} — ${v.helpUrl}`,
      ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    ]);
    console.log(lines.join('\n'));
  }
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.length} node(s)`),
    `axe violations on ${label}`,
  ).toEqual([]);
}

/** At phone width the page itself must not scroll sideways (wide tables scroll in their own box). */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 360;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${label}: page scrolls sideways (scrollWidth ${scrollWidth} > ${width})`).toBeLessThanOrEqual(width);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Starts the app and a browser for one spec file and stops them after it: the spec keeps its
 * own `e2e` and `b` through the callback.
 */
export function useE2E(started: (e2e: E2E, browser: Browser) => void): void {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E();
    started(e2e, await e2e.openBrowser());
  });
  afterAll(async () => {
    await e2e?.close();
  });
}
