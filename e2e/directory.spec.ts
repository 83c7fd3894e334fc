import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Browser, type E2E, expectAccessible, expectNoHorizontalScroll, open, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';

const SLOW = 240_000;

async function checkBothWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} @${width}`);
    await expectNoHorizontalScroll(page, `${name} @${width}`);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Waits for the announced count after a search. */
const count = (page: Page, text: RegExp | string) => waitForText(page.getByTestId('directory-count'), text);

/**
 * A resident, not signed in, looks for help: searches by words, filters by kind, area and
 * 「今開いている」, opens a window's page (phone as a tel: link, hours in words, やさしい日本語,
 * ふりがな), and a council staff member adds a service that residents then find.
 */
describe('directory: a resident finds a consultation window', () => {
  let e2e: E2E;
  let b: Browser;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('a resident signed out reaches the directory from the header and searches by words', async () => {
    const page = b.page;
    await open(page, '/login', 'ログイン');
    await page.getByRole('link', { name: '相談窓口をさがす' }).click();
    await page.getByRole('heading', { level: 1, name: '相談窓口・サービスをさがす' }).waitFor();
    await count(page, /件見つかりました/);
    await checkBothWidths(page, 'directory-search');
    await page.getByRole('searchbox', { name: 'ことばでさがす' }).fill('ちいきふくしか');
    await page.getByRole('button', { name: 'さがす' }).click();
    await page.waitForURL(/q=/);
    const results = page.getByTestId('directory-results');
    await waitForText(results, '地域福祉課 福祉の相談');
    const phone = results.getByRole('link', { name: '0837-52-5227 に電話をかける' }).first();
    expect(await phone.getAttribute('href')).toBe('tel:0837525227');
  }, SLOW);

  it('filters by kind and area: the salons of 大嶺, marked デモ', async () => {
    const page = b.page;
    await open(page, '/directory', '相談窓口・サービスをさがす');
    await page.getByLabel('種類', { exact: true }).selectOption('salon');
    await page.getByLabel('地域').selectOption('district-omine');
    await page.getByRole('button', { name: 'さがす' }).click();
    await count(page, '1件見つかりました。');
    const item = page.getByTestId('directory-results').locator(':scope > li').first();
    await waitForText(item, '大嶺地区 ふれあいいきいきサロン');
    expect(await item.textContent()).toContain('デモ');
    expect(await item.textContent()).toContain('毎月第2・第4火曜 13:30〜15:30');
    // No number of its own: the 社協 that runs the district councils answers for it, named.
    expect(await item.getByTestId('reach').textContent()).toContain('美祢市社会福祉協議会がおつなぎします');
    expect(await item.getByRole('link', { name: '0837-52-5222 に電話をかける' }).getAttribute('href')).toBe('tel:0837525222');
    expect(new URL(page.url()).searchParams.get('area')).toBe('district-omine');
  }, SLOW);

  it('「今開いている」 shows only windows open now in Japan time, each marked 今開いています; windows with no hours never', async () => {
    const page = b.page;
    // A window open round the clock, so the check does not depend on when the suite runs.
    const admin = await e2e.tenant.login('city-admin');
    const orgs = (await admin.get('/api/directory/organizations')).json().items as { id: string; name: string }[];
    const allDay = await admin.post('/api/directory/services', {
      organizationId: orgs.find((o) => o.name.startsWith('社会福祉法人'))?.id, name: '24時間 こころの電話（テスト）', layer: 'public', categories: ['public_health'], isDemo: true,
      schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opensAt: '00:00', closesAt: '23:59', closedOnHolidays: false }],
    });
    expect(allDay.statusCode, allDay.body).toBe(201);
    await open(page, '/directory?openNow=true', '相談窓口・サービスをさがす');
    await count(page, /件見つかりました/);
    const items = page.getByTestId('directory-results').locator(':scope > li');
    await waitForText(items, '24時間 こころの電話（テスト）');
    const n = await items.count();
    for (let i = 0; i < n; i++) {
      expect(await items.nth(i).textContent()).toContain('今開いています');
      // …and never only hours: every open window has a number to call.
      expect(await items.nth(i).locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('directory-results').textContent()).not.toContain('地域福祉課 福祉の相談');
    expect(await page.getByLabel('今開いている窓口だけ').isChecked()).toBe(true);
  }, SLOW);

  it('opens a window: phone as tel:, hours in words, やさしい日本語, address, and ふりがな on request', async () => {
    const page = b.page;
    await open(page, `/directory?q=${encodeURIComponent('美祢地域福祉センター')}`, '相談窓口・サービスをさがす');
    await page.getByRole('link', { name: '美祢地域福祉センター CSWの相談' }).click();
    await page.getByRole('heading', { level: 1, name: '美祢地域福祉センター CSWの相談' }).waitFor();
    await waitForText(page.getByTestId('service-hours'), '月〜金 8:30〜17:15（祝日・年末年始を除く）');
    await waitForText(page.getByTestId('easy-summary'), '美祢地域に すんでいる 人の こまりごとを 聞きます。');
    await waitForText(page.getByTestId('service-address'), '山口県美祢市大嶺町');
    await waitForText(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: '架空の情報（デモ）' }), 'デモ');
    expect(await page.locator('ruby').count()).toBe(0);
    await page.getByRole('button', { name: 'ふりがな', exact: true }).click();
    // The reading sits over the kanji only: センター and CSW say how they sound already.
    await page.locator('h1 ruby rt').filter({ hasText: 'みねちいきふくし' }).waitFor();
    expect(await page.locator('h1 ruby').allTextContents()).toEqual(['美祢地域福祉（みねちいきふくし）', '相談（そうだん）']);
    expect(await page.getByTestId('furigana-switch').getAttribute('aria-pressed')).toBe('true');
    await checkBothWidths(page, 'directory-service');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: '印刷する' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'ふりがな', exact: true }).click();
  }, SLOW);

  it('the real 地域福祉課 page: the numbers printed in the plan, no demo notice, no invented hours', async () => {
    const page = b.page;
    await open(page, `/directory?q=${encodeURIComponent('地域福祉課')}`, '相談窓口・サービスをさがす');
    await page.getByRole('link', { name: '地域福祉課 福祉の相談' }).click();
    await page.getByRole('heading', { level: 1, name: '地域福祉課 福祉の相談' }).waitFor();
    expect(await page.getByRole('link', { name: '0837-52-5227 に電話をかける' }).getAttribute('href')).toBe('tel:0837525227');
    expect(await page.locator('main').textContent()).toContain('0837-52-1490');
    expect(await page.getByText('架空の情報（デモ）').count()).toBe(0);
    await waitForText(page.getByTestId('service-hours'), '受付時間は登録されていません');
  }, SLOW);

  it('in English: labels change, codes stay codes', async () => {
    const page = b.page;
    await open(page, '/directory?layer=mutual', '相談窓口・サービスをさがす');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Find a consultation window or service' }).waitFor();
    await count(page, / found\./);
    expect(await page.getByLabel('Layer of help').inputValue()).toBe('mutual');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: '相談窓口・サービスをさがす' }).waitFor();
  }, SLOW);

  it('social welfare council staff add a salon in the editor, and a resident finds it', async () => {
    const page = b.page;
    await signIn(page, 'shakyo-staff');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '窓口・サービス管理' }).click();
    await page.getByRole('heading', { level: 1, name: '相談窓口・サービスの管理' }).waitFor();
    await checkBothWidths(page, 'directory-admin');
    await page.getByRole('button', { name: 'サービスを追加する' }).click();
    const form = page.getByRole('form', { name: 'サービスを追加する' });
    await form.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByTestId('error-summary'), '名前');
    await form.getByLabel('運営団体').selectOption({ label: '社会福祉法人 美祢市社会福祉協議会' });
    await form.locator('input[name="name"]').fill('伊佐 こども食堂（テスト）');
    await form.getByLabel('名前のふりがな（ひらがな）').fill('いさ こどもしょくどう');
    await form.getByLabel('支え合いの種類').selectOption('mutual');
    await form.getByRole('group', { name: /種類（1〜5つ）/ }).getByLabel('サロン・居場所').check();
    await form.getByLabel('やさしい日本語の説明').fill('子どもが いっしょに ごはんを 食べられます。');
    await form.getByRole('group', { name: '受付の曜日' }).getByLabel('土').check();
    await form.getByLabel('受付開始').fill('11:00');
    await form.getByLabel('受付終了').fill('13:00');
    await form.getByLabel('祝日・年末年始は休み').uncheck();
    await form.getByRole('group', { name: /対象の地域/ }).getByLabel('伊佐地区社会福祉協議会').check();
    await form.getByLabel('デモ（架空）のデータ').check();
    await form.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByRole('status'), '「伊佐 こども食堂（テスト）」を保存しました。');

    await open(page, `/directory?q=${encodeURIComponent('こども食堂')}`, '相談窓口・サービスをさがす');
    const item = await waitForText(page.getByTestId('directory-results').locator(':scope > li'), '伊佐 こども食堂（テスト）');
    expect(await item.textContent()).toContain('土 11:00〜13:00');
    expect(await item.textContent()).toContain('デモ');
    expect(b.problems).toEqual([]);
  }, SLOW);
});
