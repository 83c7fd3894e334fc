import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, expectAccessible, open, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';

/** Types into the search box and waits for the announced count (or the no-match message). */
async function searchFor(page: Page, q: string, expect: RegExp): Promise<void> {
  const box = page.getByRole('searchbox', { name: '住民を探す' });
  await box.fill(q);
  await waitForText(page.locator(`[data-testid="people-count"][data-q="${q}"]`), expect);
}

/**
 * The people screens: registering with hiragana readings and a 和暦 birth date, the duplicate
 * warning, search by variant kanji and by 和暦, the person page, what another CSW cannot see,
 * and the city's register import from upload to applied.
 */
describe('people: register, search, person page, import', () => {
  let b: Browser;
  useE2E((_started, browser) => {
    b = browser;
  });

  it('csw-mine registers 髙橋 正子 with hiragana readings and a 和暦 birth date', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '住民', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '住民' }).waitFor();
    await page.getByRole('link', { name: '住民を登録する' }).click();
    await page.getByRole('heading', { level: 1, name: '住民を登録する' }).waitFor();
    const form = page.getByRole('form', { name: '住民を登録する' });
    await form.locator('input[name="familyName"]').fill('髙橋');
    await form.locator('input[name="givenName"]').fill('正子');
    await form.getByLabel('氏（カナ）').fill('たかはし');
    await form.getByLabel('名（カナ）').fill('まさこ');
    await form.getByLabel('生年月日').fill('S15.3.1');
    await waitForText(page.getByTestId('birth-preview'), '読み取った日付：昭和15年3月1日（1940-03-01）');
    await form.getByLabel('性別').selectOption('female');
    await form.getByLabel('住所').fill('美祢市大嶺町東分1番地');
    await form.getByLabel('電話番号').fill('0837-52-0001');
    await form.getByRole('button', { name: '登録する' }).click();
    await waitForText(page.getByTestId('person-created'), '髙橋 正子 さんを登録しました。');
    await screenshot(page, 'people-new-created-1280');

    await page.getByRole('link', { name: '登録した住民のページを開く' }).click();
    await page.getByRole('heading', { level: 1, name: '髙橋 正子 さん' }).waitFor();
    const basics = page.getByTestId('person-basics');
    await waitForText(basics, 'タカハシ マサコ');
    expect(await page.getByTestId('person-birth').textContent()).toBe('昭和15年3月1日');
    expect(await page.getByTestId('person-owner').getAttribute('data-unit-id')).toBe('district-omine');
    await waitForText(page.getByTestId('person-history'), '登録');
  });

  it('warns of a duplicate when the same person is registered again', async () => {
    const page = b.page;
    await open(page, '/people/new', '住民を登録する');
    const form = page.getByRole('form', { name: '住民を登録する' });
    await form.locator('input[name="familyName"]').fill('高橋');
    await form.locator('input[name="givenName"]').fill('正子');
    await form.getByLabel('生年月日').fill('昭和15年3月1日');
    const warning = await waitForText(page.getByTestId('duplicate-warning'), '似ている人がいます');
    expect(await warning.getByRole('link').first().textContent()).toContain('髙橋 正子');
    await form.getByLabel('氏（カナ）').fill('タカハシ');
    await form.getByLabel('名（カナ）').fill('マサコ');
    await form.getByRole('button', { name: '登録する' }).click();
    const created = await waitForText(page.getByTestId('person-created'), '高橋 正子 さんを登録しました。');
    expect(await created.textContent()).toContain('似ている人がいます');
  });

  it('shows field errors for an impossible birth date', async () => {
    const page = b.page;
    await open(page, '/people/new', '住民を登録する');
    const form = page.getByRole('form', { name: '住民を登録する' });
    await form.getByLabel('生年月日').fill('昭和15年2月30日');
    await waitForText(page.getByTestId('birth-preview'), '存在しない日付です。');
    await form.getByRole('button', { name: '登録する' }).click();
    const summary = await waitForText(page.getByTestId('error-summary'), '氏：入力してください。');
    expect(await summary.textContent()).toContain('生年月日');
    expect(await form.getByLabel('生年月日').getAttribute('aria-invalid')).toBe('true');
  });

  it('finds 髙橋 by 高橋 and by a 和暦 birth date, and opens the person page', async () => {
    const page = b.page;
    await open(page, '/people', '住民');
    await searchFor(page, '高橋', /2 件見つかりました/);
    const results = page.getByTestId('people-results');
    await waitForText(results.locator('li'), '髙橋 正子');
    expect(await results.textContent()).toContain('昭和15年3月1日');
    await searchFor(page, 'たかはし', /2 件見つかりました/);
    await searchFor(page, '昭和15年3月1日', /2 件見つかりました/);
    expect(await results.textContent()).toContain('一致：生年月日');
    await searchFor(page, '存在しない名前', /該当する住民は見つかりませんでした/);
    await searchFor(page, 'S15.3.1', /2 件見つかりました/);
    await screenshot(page, 'people-search-1280');
    await results.getByRole('link', { name: /髙橋 正子/ }).click();
    await page.getByRole('heading', { level: 1, name: '髙橋 正子 さん' }).waitFor();
    await page.getByTestId('person-address').filter({ hasText: '美祢市大嶺町東分1番地' }).waitFor();
  });

  it('edits the person with expectedVersion and shows the change in the history', async () => {
    const page = b.page;
    await page.getByRole('button', { name: '基本情報を編集' }).click();
    const form = page.getByRole('form', { name: '基本情報を編集' });
    await form.getByLabel('電話番号').fill('0837-52-9999');
    await form.getByLabel('変更の理由（任意）').fill('電話番号の変更');
    await form.getByRole('button', { name: '変更を保存する' }).click();
    await waitForText(page.getByRole('status'), '変更を保存しました。');
    await waitForText(page.getByTestId('person-history'), '0837-52-9999');
  });

  it('a stale edit is refused with a clear message (409) and the latest version can be loaded', async () => {
    const page = b.page;
    await page.getByRole('button', { name: '基本情報を編集' }).click();
    const form = page.getByRole('form', { name: '基本情報を編集' });
    await form.getByLabel('通称').fill('まさ');
    // Someone else edits the record in the meantime.
    const status = await page.evaluate(async () => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const id = location.pathname.split('/')[2] ?? '';
      const person = (await (await fetch(`/api/people/${id}`)).json()) as { version: number };
      const res = await fetch(`/api/people/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ expectedVersion: person.version, address: '美祢市大嶺町東分1番地1' }),
      });
      return res.status;
    });
    expect(status).toBe(200);
    await form.getByRole('button', { name: '変更を保存する' }).click();
    await waitForText(page.getByTestId('error-summary'), 'ほかの人がこの記録を先に変更しました');
    await page.getByRole('button', { name: '最新の内容を読み込む' }).click();
    await page.getByTestId('person-address').filter({ hasText: '美祢市大嶺町東分1番地1' }).waitFor();
    await page.getByTestId('error-summary').waitFor({ state: 'detached' });
    expect(await form.getByLabel('住所').inputValue()).toBe('美祢市大嶺町東分1番地1');
  });

  it('csw-mito finds nobody: the record is out of reach', async () => {
    const page = b.page;
    await signIn(page, 'csw-mito');
    await open(page, '/people', '住民');
    await searchFor(page, '高橋', /該当する住民は見つかりませんでした/);
  });

  it('city-admin imports a register CSV: dry run, a bad date with its line, apply, progress to 100%', async () => {
    const page = b.page;
    await signIn(page, 'city-admin');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '住民記録の取り込み' }).click();
    await page.getByRole('heading', { level: 1, name: '住民記録の取り込み' }).waitFor();
    const csv = [
      '宛名番号,氏,名,氏カナ,名カナ,生年月日,性別,住所',
      'E2E0001,山根,花子,ヤマネ,ハナコ,昭和20年5月5日,女,美祢市大嶺町東分2番地',
      'E2E0002,末永,一郎,すえなが,いちろう,S10.1.2,男,美祢市美東町大田3番地',
      'E2E0003,国弘,次郎,クニヒロ,ジロウ,昭和30年2月30日,男,美祢市秋芳町秋吉4番地',
      'E2E0004,𠮷田,三郎,ヨシダ,サブロウ,昭和25年6月1日,男,美祢市大嶺町東分6番地',
      '',
    ].join('\r\n');
    await page.getByLabel('CSVファイル').setInputFiles({ name: 'register-e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByLabel('文字コード').selectOption('utf8');
    await page.getByRole('button', { name: '内容を確認する' }).click();
    const counts = page.getByTestId('import-counts');
    await counts.waitFor();
    expect(await counts.locator('[data-count="new"] dd').textContent()).toBe('3');
    expect(await counts.locator('[data-count="error"] dd').textContent()).toBe('1');
    const bad = page.getByTestId('import-problems').locator('tr[data-line="4"]');
    await bad.waitFor();
    expect(await bad.textContent()).toContain('生年月日');
    await waitForText(page.getByTestId('import-status'), '取り込み待ち');
    await screenshot(page, 'people-import-ready-1280');

    await page.getByRole('button', { name: 'この内容で取り込む' }).click();
    await waitForText(page.getByTestId('import-status'), '取り込み完了');
    await waitForText(page.getByTestId('import-progress-text'), '100%');
    expect(await page.locator('progress#import-progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
    await page.getByTestId('imports-table').filter({ hasText: 'register-e2e.csv' }).filter({ hasText: '取り込み完了' }).waitFor();
    // A past import opens with its report and problems.
    await page.getByRole('button', { name: '開く：register-e2e.csv' }).click();
    await page.getByTestId('import-problems').locator('tr[data-line="4"]').waitFor();

    await open(page, '/people', '住民');
    await searchFor(page, 'やまね', /1 件見つかりました/);
    await waitForText(page.getByTestId('people-results').locator('li'), '山根 花子');
  });

  it('city-admin pages through 55 people of one name: the next 50, then back to the same first page', async () => {
    const page = b.page;
    // 55 fictional residents named 頁送 (demo data), registered through the API as the signed-in city-admin.
    const created = await page.evaluate(async () => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      let ok = 0;
      for (let i = 1; i <= 55; i++) {
        const res = await fetch('/api/people', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
          body: JSON.stringify({ familyName: '頁送', givenName: `架空${String(i).padStart(2, '0')}`, familyNameKana: 'ページオクリ', givenNameKana: 'カクウ', birthDate: `1950-01-${String((i % 28) + 1).padStart(2, '0')}` }),
        });
        if (res.status === 201) ok++;
      }
      return ok;
    });
    expect(created).toBe(55);
    await open(page, '/people', '住民');
    await searchFor(page, '頁送', /55 件見つかりました（1〜50 件目を表示）/);
    const results = page.getByTestId('people-results');
    expect(await results.locator('li').count()).toBe(50);
    const firstPage = await results.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-person-id')));
    const paging = page.getByRole('navigation', { name: '検索結果のページ' });
    expect(await paging.getByRole('button', { name: '前の 50 件' }).count()).toBe(0);
    await paging.getByRole('button', { name: '次の 50 件' }).click();
    await waitForText(page.getByTestId('people-count'), /55 件見つかりました（51〜55 件目を表示）/);
    const secondPage = await results.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-person-id')));
    expect(secondPage).toHaveLength(5);
    expect(secondPage.some((id) => firstPage.includes(id))).toBe(false);
    expect(await paging.getByRole('button', { name: '次の 50 件' }).count()).toBe(0);
    await screenshot(page, 'people-search-page2-1280');
    await expectAccessible(page, 'people search, second page');
    await paging.getByRole('button', { name: '前の 50 件' }).click();
    await waitForText(page.getByTestId('people-count'), /55 件見つかりました（1〜50 件目を表示）/);
    expect(await results.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-person-id')))).toEqual(firstPage);
  });

  it('city-admin exports: Shift_JIS refused for 𠮷, the 〓 option explained, then downloaded', async () => {
    const page = b.page;
    await page.getByRole('button', { name: '住民一覧をCSVで出力（Shift_JIS）' }).click();
    await waitForText(page.getByRole('status'), 'Shift_JIS（CP932）で表せない文字');
    await waitForText(page.getByRole('status'), '〓（げた）');
    await screenshot(page, 'people-export-refused-1280');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '〓に置き換えて出力（Shift_JIS）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/cp932\.csv$/);
    await waitForText(page.getByRole('status'), 'CSVを出力しました');
  });

  it('in English: the search page and the person page show ISO birth dates', async () => {
    const page = b.page;
    await page.getByTestId('language-switch').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await open(page, '/people', 'People');
    const box = page.getByRole('searchbox', { name: 'Find a resident' });
    await box.fill('高橋');
    await waitForText(page.locator('[data-testid="people-count"][data-q="高橋"]'), '2 found');
    expect(await page.getByTestId('people-results').textContent()).toContain('1940-03-01');
    await page.getByTestId('people-results').getByRole('link', { name: /髙橋 正子/ }).click();
    await page.getByRole('heading', { level: 1, name: '髙橋 正子' }).waitFor();
    expect(await page.getByTestId('person-birth').textContent()).toBe('1940-03-01');
  });
});
