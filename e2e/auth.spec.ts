import { describe, expect, it } from 'vitest';
import { type Browser, open, screenshot, signIn, signOut, TEST_PASSWORD, type E2E, useE2E } from './support/app';
import { focusedTestId, waitForLang, waitForText } from './support/wait';

/** Sign-in, the home page, errors from the server, the language switch and sign-out. */
describe('sign-in and home', () => {
  let e2e: E2E;
  let b: Browser;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    await b.page.goto('/admin/units');
    await b.page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(b.page.url()).searchParams.get('next')).toBe('/admin/units');
    await b.page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    expect(await b.page.locator('html').getAttribute('lang')).toBe('ja');
  });

  it('shows a wrong password error next to the form, focused, and stays on the page', async () => {
    await b.page.goto('/login');
    await b.page.getByLabel('ログインID').fill('csw-mine');
    await b.page.getByLabel('パスワード').fill('not-the-password-at-all');
    await b.page.getByRole('button', { name: 'ログインする' }).click();
    const summary = await waitForText(b.page.getByTestId('error-summary'), 'ログインIDまたはパスワードが正しくありません。');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await focusedTestId(b.page)).toBe('error-summary');
    expect(new URL(b.page.url()).pathname).toBe('/login');
    // The password is cleared; the login ID stays.
    expect(await b.page.getByLabel('パスワード').inputValue()).toBe('');
    expect(await b.page.getByLabel('ログインID').inputValue()).toBe('csw-mine');
    await screenshot(b.page, 'login-error-1280');
  });

  it('checks required fields before sending, naming each field', async () => {
    await b.page.goto('/login');
    await b.page.getByRole('button', { name: 'ログインする' }).click();
    const summary = await waitForText(b.page.getByTestId('error-summary'), 'ログインID：入力してください。');
    expect(await summary.textContent()).toContain('パスワード：入力してください。');
    const loginId = b.page.getByLabel('ログインID');
    expect(await loginId.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await loginId.getAttribute('aria-describedby')) ?? '';
    expect(await b.page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toContain('入力してください。');
  });

  it('signs csw-mine in: the home page shows name, unit, tier, reach and abilities', async () => {
    await signIn(b.page, 'csw-mine');
    expect(new URL(b.page.url()).pathname).toBe('/');
    await b.page.getByRole('heading', { level: 1, name: 'ホーム' }).waitFor();
    expect(await b.page.getByTestId('me-name').textContent()).toBe('デモ CSW（美祢）');
    const unit = await waitForText(b.page.getByTestId('my-units').locator('li'), '美祢地域福祉センター');
    expect(await unit.textContent()).toContain('福祉圏域');
    await waitForText(b.page.locator('main'), '所属組織とその下の組織');
    await waitForText(b.page.locator('main'), 'コミュニティソーシャルワーカー');
    expect(await b.page.getByTestId('permissions').textContent()).toContain('要配慮個人情報');
    // The menu follows /api/me permissions: no staff accounts or audit log for a CSW.
    const nav = b.page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link', { name: '組織管理' }).waitFor();
    expect(await nav.getByRole('link', { name: '職員アカウント' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '監査ログ' }).count()).toBe(0);
    expect(await b.page.locator('header').textContent()).toContain('美祢市');
    await screenshot(b.page, 'home-csw-1280');
  });

  it('shows a read-only organisation to a CSW and refuses the audit log', async () => {
    await b.page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '組織管理' }).click();
    await b.page.getByRole('heading', { level: 1, name: '組織管理' }).waitFor();
    await waitForText(b.page.getByRole('status'), '閲覧のみできます');
    await b.page.getByTestId('unit-tree').locator('[data-unit-id="district-omine"]').waitFor();
    expect(await b.page.getByRole('button', { name: '組織を追加' }).count()).toBe(0);
    await open(b.page, '/audit', '権限がありません');
    await open(b.page, '/no-such-page', 'ページが見つかりません');
  });

  it('switches to English, remembers it, and gets server messages in English', async () => {
    await b.page.goto('/');
    await b.page.getByTestId('language-switch').click();
    await waitForLang(b.page, 'en');
    await b.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    // Role and unit names come from /api/me again, in English.
    await waitForText(b.page.getByTestId('my-units').locator('li'), 'Mine community welfare centre');
    await waitForText(b.page.locator('main'), 'Community social worker');
    expect(await b.page.evaluate(() => localStorage.getItem('sasaeai.locale'))).toBe('en');
    await screenshot(b.page, 'home-csw-en-1280');

    await b.page.reload();
    await b.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(await b.page.locator('html').getAttribute('lang')).toBe('en');

    await signOut(b.page);
    await b.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await b.page.getByLabel('Login ID').fill('csw-mine');
    await b.page.getByLabel('Password').fill('wrong-password-for-sure');
    await b.page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(b.page.getByTestId('error-summary'), 'The login ID or password is not correct.');

    await b.page.getByTestId('language-switch').click();
    await waitForLang(b.page, 'ja');
    await b.page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
  });

  it('signs out: the session ends, / is the front door for residents again, and staff pages ask to sign in', async () => {
    await signIn(b.page, 'csw-mine');
    await signOut(b.page);
    await waitForText(b.page.getByRole('status'), 'ログアウトしました。');
    const me = await b.page.request.get('/api/me');
    expect(me.status()).toBe(401);
    await b.page.goto('/');
    await b.page.getByRole('heading', { level: 1, name: '困りごとを相談する' }).waitFor();
    await b.page.goto('/admin/units');
    await b.page.waitForURL((u) => u.pathname === '/login');
  });

  it('a session that ends while in use leads back to sign-in, then to the same page', async () => {
    await signIn(b.page, 'csw-mine');
    // The session ends on the server side (as an idle timeout or a disabled account would).
    await e2e.tenant.db.query("DELETE FROM sessions WHERE municipality_code = $1", [e2e.tenant.m]);
    await b.page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '組織管理' }).click();
    await b.page.waitForURL((u) => u.pathname === '/login');
    await waitForText(b.page.getByRole('status'), 'セッションの有効期限が切れました。');
    expect(new URL(b.page.url()).searchParams.get('next')).toBe('/admin/units');
    await b.page.getByLabel('ログインID').fill('csw-mine');
    await b.page.getByLabel('パスワード').fill(TEST_PASSWORD);
    await b.page.getByRole('button', { name: 'ログインする' }).click();
    await b.page.getByRole('heading', { level: 1, name: '組織管理' }).waitFor();
  });

  it('returns to the page asked for after signing in', async () => {
    await b.context.clearCookies();
    await b.page.goto('/admin/areas');
    await b.page.waitForURL((u) => u.pathname === '/login');
    await b.page.getByLabel('ログインID').fill('csw-mine');
    await b.page.getByLabel('パスワード').fill(TEST_PASSWORD);
    await b.page.getByRole('button', { name: 'ログインする' }).click();
    await b.page.getByRole('heading', { level: 1, name: '区域管理' }).waitFor();
    expect(new URL(b.page.url()).pathname).toBe('/admin/areas');
  });

  it('had no script error or Content-Security-Policy refusal', () => {
    expect(b.problems).toEqual([]);
  });
});
