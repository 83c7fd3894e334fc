import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Browser, expectAccessible, expectNoHorizontalScroll, open, screenshot, signIn, signOut, TEST_PASSWORD, type E2E, useE2E } from './support/app';
import { seedRollcall } from './support/evacuation';
import { waitForText } from './support/wait';
import { createAccount } from '../server/test/factories';

const WIDTHS = [1280, 360] as const;
/** axe takes a few seconds a run on a small machine; a test checks several pages at two widths. */
const SLOW = 240_000;

/**
 * Every page and its main states, at desktop and phone width: axe (WCAG 2.1 AA) finds
 * nothing, the body never scrolls sideways, and a screenshot is saved for review.
 */
async function checkPage(page: Page, name: string, ready?: () => Promise<unknown>): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    if (ready) await ready();
    await expectAccessible(page, `${name} @${width}`);
    await expectNoHorizontalScroll(page, `${name} @${width}`);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('accessibility and phone width of every page', () => {
  let e2e: E2E;
  let b: Browser;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('sign-in page, empty and with an error', async () => {
    const page = b.page;
    await open(page, '/login', 'ログイン');
    await checkPage(page, 'login');
    await page.getByLabel('ログインID').fill('nobody-here');
    await page.getByLabel('パスワード').fill('wrong password');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await waitForText(page.getByTestId('error-summary'), 'ログインIDまたはパスワードが正しくありません。');
    await checkPage(page, 'login-error');
  }, SLOW);

  it('the axe check does catch a violation (guards against a check that never fails)', async () => {
    await open(b.page, '/nowhere', 'ページが見つかりません');
    await b.page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      document.querySelector('main')?.append(input);
    });
    let failed = false;
    try {
      await expectAccessible(b.page, 'deliberately broken page', { quiet: true });
    } catch {
      failed = true;
    }
    if (!failed) throw new Error('axe found no violation on a page with an unlabelled input');
  }, SLOW);

  it('keyboard: the skip link is first and moves focus to the main content', async () => {
    const page = b.page;
    await open(page, '/login', 'ログイン');
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent, href: document.activeElement?.getAttribute('href') }));
    expect(first).toEqual({ text: '本文へ移動', href: '#main' });
    await screenshot(page, 'skip-link-1280');
    await page.keyboard.press('Enter');
    await page.locator('main:focus').waitFor();
    // Tab then reaches the first field of the sign-in form.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('loginId');
  }, SLOW);

  it('not-found page', async () => {
    await open(b.page, '/nowhere', 'ページが見つかりません');
    await checkPage(b.page, 'not-found');
  }, SLOW);

  it('a CSW: home, read-only organisation and areas, password page, no permission page', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await checkPage(page, 'home-csw', () => page.getByTestId('my-units').waitFor());
    await open(page, '/admin/units', '組織管理');
    await checkPage(page, 'units-readonly', () => page.getByTestId('unit-tree').waitFor());
    await open(page, '/admin/areas', '区域管理');
    await checkPage(page, 'areas-readonly', () => page.getByTestId('areas-table').waitFor());
    await open(page, '/account', 'アカウント設定');
    await checkPage(page, 'account');
    await page.locator('input[name="currentPassword"]').fill(TEST_PASSWORD);
    await page.locator('input[name="newPassword"]').fill('password1234');
    await page.locator('input[name="confirmPassword"]').fill('password1234');
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await waitForText(page.getByTestId('error-summary'), 'よく使われているパスワード');
    await checkPage(page, 'account-error');
    await open(page, '/audit', '権限がありません');
    await checkPage(page, 'forbidden');
    await signOut(page);
  }, SLOW);

  it('the menu at phone width opens and closes by keyboard', async () => {
    const page = b.page;
    await signIn(page, 'city-admin');
    await page.setViewportSize({ width: 360, height: 900 });
    const menu = page.getByRole('button', { name: 'メニュー' });
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.waitFor({ state: 'hidden' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await nav.waitFor();
    await expectAccessible(page, 'menu open @360');
    await expectNoHorizontalScroll(page, 'menu open @360');
    await screenshot(page, 'menu-open-360');
    await nav.getByRole('link', { name: '組織管理' }).click();
    await page.getByRole('heading', { level: 1, name: '組織管理' }).waitFor();
    await nav.waitFor({ state: 'hidden' });
    // After moving to a page, focus is on its heading.
    await page.locator('h1:focus').waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
  }, SLOW);

  it('city-admin: home, units with the add and edit forms', async () => {
    const page = b.page;
    await open(page, '/', 'ホーム');
    await checkPage(page, 'home-city-admin');
    await open(page, '/admin/units', '組織管理');
    await checkPage(page, 'units', () => page.getByTestId('unit-tree').waitFor());
    await page.getByRole('button', { name: '組織を追加' }).click();
    await page.getByRole('button', { name: '組織を登録する' }).click();
    await page.getByTestId('error-summary').waitFor();
    await checkPage(page, 'units-add-errors');
    await page.getByRole('button', { name: 'キャンセル' }).first().click();
    await page.getByRole('button', { name: '編集：大嶺地区社会福祉協議会' }).click();
    await page.getByRole('form', { name: '「大嶺地区社会福祉協議会」を編集' }).waitFor();
    await checkPage(page, 'units-edit');
  }, SLOW);

  it('city-admin: areas with the add, kind and edit forms', async () => {
    const page = b.page;
    await open(page, '/admin/areas', '区域管理');
    await checkPage(page, 'areas', () => page.getByTestId('areas-table').waitFor());
    await page.getByRole('button', { name: '区域の種類を追加する' }).click();
    await page.getByRole('button', { name: '区域を追加する' }).click();
    await page.getByRole('form', { name: '区域を追加する' }).getByRole('button', { name: '区域を登録する' }).click();
    await page.getByTestId('error-summary').waitFor();
    await checkPage(page, 'areas-forms');
    await open(page, '/admin/areas', '区域管理');
    await page.getByRole('button', { name: '編集：大嶺 第1区（デモ）' }).click();
    await page.getByRole('form', { name: '「大嶺 第1区（デモ）」を編集' }).waitFor();
    await checkPage(page, 'areas-edit');
  }, SLOW);

  it('city-admin: accounts with the create form and the edit panel', async () => {
    const page = b.page;
    await open(page, '/admin/accounts', '職員アカウント');
    await checkPage(page, 'accounts', () => page.getByTestId('accounts-table').waitFor());
    await page.getByRole('button', { name: 'アカウントを作成する' }).click();
    await page.getByRole('form', { name: 'アカウントを作成する' }).getByRole('button', { name: 'アカウントを作成する' }).click();
    await page.getByTestId('error-summary').waitFor();
    await checkPage(page, 'accounts-create-errors');
    await open(page, '/admin/accounts', '職員アカウント');
    await page.getByRole('button', { name: '編集：デモ 民生委員（大嶺）' }).click();
    await page.getByRole('form', { name: '「デモ 民生委員（大嶺）」を編集' }).waitFor();
    await checkPage(page, 'accounts-edit');
    await signOut(page);
  }, SLOW);

  it('auditor: the audit log, the verify result and the accounts list read-only', async () => {
    const page = b.page;
    await signIn(page, 'auditor');
    await open(page, '/audit', '監査ログ');
    await checkPage(page, 'audit', () => page.locator('[data-testid="audit-table"], [data-testid="audit-cards"]').filter({ visible: true }).first().waitFor());
    await page.getByRole('button', { name: '改ざんがないか検証する' }).click();
    await waitForText(page.getByTestId('verify-result'), '改ざんはありません');
    await checkPage(page, 'audit-verified');
    await open(page, '/admin/accounts', '職員アカウント');
    await checkPage(page, 'accounts-readonly', () => page.getByTestId('accounts-table').waitFor());
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();
    await open(page, '/audit', 'Audit log');
    await checkPage(page, 'audit-en', () => page.locator('[data-testid="audit-table"], [data-testid="audit-cards"]').filter({ visible: true }).first().waitFor());
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    await signOut(page);
  }, SLOW);

  it('first password change and two-factor enrolment pages', async () => {
    const admin = await e2e.tenant.login('city-admin');
    // Made as an office does it: a second administrator approves the auditor role (decision 0018).
    await createAccount(admin, { loginId: 'a11y-auditor', displayName: '試験 監査', password: 'a11y のための長いパスワード', roles: ['auditor'], unitIds: ['division'] }, { firstSignIn: false });
    const page = b.page;
    await signIn(page, 'a11y-auditor', 'a11y のための長いパスワード');
    await page.getByRole('heading', { level: 1, name: 'アカウント設定' }).waitFor();
    await checkPage(page, 'first-password');
    await page.locator('input[name="currentPassword"]').fill('a11y のための長いパスワード');
    await page.locator('input[name="newPassword"]').fill('a11y のための別の長い言葉');
    await page.locator('input[name="confirmPassword"]').fill('a11y のための別の長い言葉');
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.getByRole('heading', { level: 1, name: '2段階認証の設定' }).waitFor();
    await checkPage(page, 'enrol-totp');
    await page.getByRole('button', { name: '設定を始める' }).click();
    await page.getByRole('img', { name: /QRコード/ }).waitFor();
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.getByTestId('error-summary').waitFor();
    await checkPage(page, 'enrol-totp-qr');
  }, SLOW);

  it('people: search (empty, results, no match), new person (error, duplicate), person page', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await open(page, '/people/new', '住民を登録する');
    await checkPage(page, 'people-new');
    const form = page.getByRole('form', { name: '住民を登録する' });
    await form.getByRole('button', { name: '登録する' }).click();
    await page.getByTestId('error-summary').waitFor();
    await checkPage(page, 'people-new-error');
    await form.locator('input[name="familyName"]').fill('髙橋');
    await form.locator('input[name="givenName"]').fill('和子');
    await form.locator('input[name="familyNameKana"]').fill('たかはし');
    await form.locator('input[name="givenNameKana"]').fill('かずこ');
    await form.locator('input[name="birthDate"]').fill('昭和12年4月1日');
    await form.locator('input[name="address"]').fill('美祢市大嶺町東分5番地');
    await form.getByRole('button', { name: '登録する' }).click();
    await page.getByTestId('person-created').waitFor();
    await form.locator('input[name="familyName"]').fill('高橋');
    await form.locator('input[name="givenName"]').fill('和子');
    await form.locator('input[name="birthDate"]').fill('S12.4.1');
    await page.getByTestId('duplicate-warning').waitFor();
    await checkPage(page, 'people-new-duplicate');
    await open(page, '/people', '住民');
    await checkPage(page, 'people-search-empty');
    await page.getByRole('searchbox', { name: '住民を探す' }).fill('高橋');
    await page.locator('[data-testid="people-count"][data-q="高橋"]').waitFor();
    await checkPage(page, 'people-search-results');
    await page.getByRole('searchbox', { name: '住民を探す' }).fill('いない人');
    await page.locator('[data-testid="people-count"][data-q="いない人"]').waitFor();
    await checkPage(page, 'people-search-none');
    await page.getByRole('searchbox', { name: '住民を探す' }).fill('高橋');
    await page.getByTestId('people-results').getByRole('link').first().click();
    await page.getByTestId('person-history').waitFor();
    await checkPage(page, 'person');
    await page.getByRole('button', { name: '基本情報を編集' }).click();
    await page.getByRole('form', { name: '基本情報を編集' }).waitFor();
    await checkPage(page, 'person-edit');
    await signOut(page);
  }, SLOW);

  it('city-admin: register import (empty, dry-run report, applied) and the export on the search page', async () => {
    const page = b.page;
    await signIn(page, 'city-admin');
    await open(page, '/people/imports', '住民記録の取り込み');
    await checkPage(page, 'people-import');
    const csv = ['宛名番号,氏,名,氏カナ,名カナ,生年月日,性別,住所', 'A11Y01,岡村,清,オカムラ,キヨシ,昭和8年1月1日,男,美祢市伊佐町河原1番地', 'A11Y02,弘中,幸子,ヒロナカ,サチコ,昭和9年2月30日,女,美祢市伊佐町河原2番地', ''].join('\r\n');
    await page.getByLabel('CSVファイル').setInputFiles({ name: 'a11y.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '内容を確認する' }).click();
    await page.getByTestId('import-problems').waitFor();
    await checkPage(page, 'people-import-report');
    await page.getByRole('button', { name: 'この内容で取り込む' }).click();
    await waitForText(page.getByTestId('import-status'), '取り込み完了');
    await checkPage(page, 'people-import-applied');
    await open(page, '/people', '住民');
    await checkPage(page, 'people-search-export');
    await signOut(page);
  }, SLOW);

  it('disaster-staff: the evacuation registry, a registrant with the plan form and its error, disaster mode and its confirmation, the progress', async () => {
    const page = b.page;
    const rc = await seedRollcall(e2e, 3);
    await signIn(page, 'disaster-staff');
    await open(page, '/evacuation', '避難行動要支援者名簿');
    await page.getByTestId('registry-table').waitFor();
    await checkPage(page, 'evacuation-registry');
    await open(page, `/evacuation/registrants/${rc.registrantIds[0]}`, `${rc.names[0]}さん（避難行動要支援者）`);
    await page.getByTestId('no-liability').waitFor();
    await checkPage(page, 'evacuation-registrant');
    await page.getByRole('button', { name: '計画を保存する' }).click();
    await page.getByTestId('error-summary').waitFor();
    await checkPage(page, 'evacuation-plan-error');
    await open(page, '/disasters', '災害対応モード');
    await page.getByTestId('active-disaster').waitFor();
    await page.getByLabel('災害の名前（例：大雨特別警報）').fill('架空 土砂災害警戒情報');
    await page.getByLabel('開始する理由').fill('a11y の確認（架空）');
    await page.getByRole('button', { name: '開始する', exact: true }).click();
    await page.getByRole('alertdialog').waitFor();
    await checkPage(page, 'disasters-confirm');
    await page.getByRole('button', { name: 'やめる' }).click();
    await open(page, `/disasters/${rc.disasterId}/progress`, /安否確認の状況/);
    await page.getByTestId('progress-districts').waitFor();
    await checkPage(page, 'disaster-progress');
    await signOut(page);
  }, SLOW);

  it('had no script error or Content-Security-Policy refusal', () => {
    expect(b.problems).toEqual([]);
  });
});
