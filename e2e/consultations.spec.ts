import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, expectAccessible, expectNoHorizontalScroll, open, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';

/** The action status line after an action on the detail page. */
async function actionDone(page: Page, text: string | RegExp): Promise<void> {
  await waitForText(page.getByTestId('action-status'), text);
}

/** Opens one consultation from a queue view by its receipt number (table at desktop width). */
async function openFromQueue(page: Page, view: 'mine' | 'unit' | 'all', receipt: string): Promise<void> {
  await open(page, `/consultations?view=${view}`, '相談');
  const row = page.locator(`[data-testid="queue-table"] tr[data-receipt="${receipt}"]`);
  await row.getByRole('link', { name: receipt }).click();
  await page.getByRole('heading', { level: 1, name: `相談 ${receipt}` }).waitFor();
}

/** Checks a page with axe and for sideways scroll at 1280 and 360 px, with a screenshot of each. */
async function checkBothWidths(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await ready();
    await expectAccessible(page, `${name} at ${width}px`);
    await expectNoHorizontalScroll(page, `${name} at ${width}px`);
    await screenshot(page, `consultations-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * 断らない相談 (issue #4), the journey the issue asks for: a resident sends a worry from the
 * web, the district council of 大嶺 takes it, escalates it to the 美祢 welfare centre, the
 * centre's CSW escalates it to the city hub, the coordinator plans and closes it, and the
 * district council sees how it ended. Every screen passes axe at desktop and phone width.
 */
describe('consultations: from a resident on the web to the city hub and back', () => {
  let b: Browser;
  let receipt = '';
  useE2E((_started, browser) => {
    b = browser;
  });

  it('a resident of 大嶺町 sends a worry from /soudan and gets a receipt number', async () => {
    const page = b.page;
    await page.context().clearCookies();
    await open(page, '/soudan', '相談する');
    await checkBothWidths(page, 'public-form', async () => {
      await page.getByRole('form', { name: '相談の内容を送る' }).waitFor();
    });

    // やさしい日本語 rewrites the labels; the switch says its state.
    const easy = page.getByTestId('easy-switch');
    await easy.click();
    expect(await easy.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { level: 1, name: 'そうだんする' }).waitFor();
    await waitForText(page.locator('form'), 'こまっていることを書いてください');
    await expectAccessible(page, 'public form in やさしい日本語');
    await screenshot(page, 'consultations-public-easy-360');
    await easy.click();
    await page.getByRole('heading', { level: 1, name: '相談する' }).waitFor();

    // The honeypot is out of sight, out of the tab order and hidden from screen readers.
    const trap = page.locator('input[name="website"]');
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await trap.getAttribute('autocomplete')).toBe('off');
    expect(await trap.evaluate((el) => el.closest('[aria-hidden="true"]') !== null)).toBe(true);

    // Sending nothing names the one required field.
    const form = page.getByRole('form', { name: '相談の内容を送る' });
    await form.getByRole('button', { name: '送信する' }).click();
    await waitForText(page.getByTestId('error-summary'), '相談したいこと：入力してください。');
    await expectAccessible(page, 'public form with an error');

    await form.getByLabel('お住まいの町名').selectOption('大嶺町');
    await form.getByLabel('相談したいこと').fill('近所の一人暮らしの高齢の方が、最近外に出てこなくなりました。<b>心配</b>です。');
    await form.getByLabel('自分ではなく、家族や近所の人などについての相談です').check();
    await form.getByLabel('電話番号').fill('0837-52-0000');
    await form.getByRole('button', { name: '送信する' }).click();
    const number = page.getByTestId('receipt-number');
    await number.waitFor();
    receipt = (await number.textContent())?.trim() ?? '';
    expect(receipt).toMatch(/^\d{4}-\d{5}$/);
    await page.getByRole('heading', { level: 1, name: '相談を受け付けました' }).waitFor();
    await waitForText(page.getByTestId('next-steps'), '窓口に届きました');
    const tel = page.getByTestId('window-phone');
    expect(await tel.getAttribute('href')).toMatch(/^tel:\d+$/);
    await checkBothWidths(page, 'public-receipt', async () => {
      await number.waitFor();
    });
  });

  it('district-omine finds it in the unit queue, assigns themself, adds a note and escalates it to the 美祢 centre', async () => {
    const page = b.page;
    await signIn(page, 'district-omine');
    // Home: what needs my attention.
    await page.getByRole('heading', { level: 2, name: '対応が必要なもの' }).waitFor();
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '相談', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '相談' }).waitFor();
    await page.getByRole('navigation', { name: '表示する相談' }).getByRole('link', { name: '組織の相談' }).click();
    const row = page.locator(`[data-testid="queue-table"] tr[data-receipt="${receipt}"]`);
    await row.waitFor();
    await waitForText(row, '大嶺地区社会福祉協議会');
    await waitForText(row, '未定');
    await checkBothWidths(page, 'queue', async () => {
      await page.locator(`[data-receipt="${receipt}"]`).filter({ visible: true }).first().waitFor();
    });

    // Search by receipt number.
    const filters = page.getByRole('search', { name: '相談の絞り込み' });
    await filters.getByLabel('受付番号・キーワード').fill(receipt);
    await filters.getByRole('button', { name: '絞り込む' }).click();
    await waitForText(page.getByTestId('queue-count'), '1件中 1〜1件目');

    await row.getByRole('link', { name: receipt }).click();
    await page.getByRole('heading', { level: 1, name: `相談 ${receipt}` }).waitFor();
    await waitForText(page.getByTestId('route'), '大嶺地区社会福祉協議会');
    // What the resident wrote is text, never markup.
    expect(await page.locator('#overview b').count()).toBe(0);
    await waitForText(page.locator('#overview'), '<b>心配</b>');

    await page.getByRole('button', { name: '担当者を決める' }).click();
    const assign = page.getByRole('form', { name: '担当者を決める' });
    await assign.getByLabel('担当者').selectOption({ label: 'デモ 大嶺地区社協' });
    await assign.getByRole('button', { name: '担当者にする' }).click();
    await actionDone(page, 'デモ 大嶺地区社協 さんを担当者にしました。');
    await waitForText(page.getByTestId('worker'), 'デモ 大嶺地区社協');

    const note = page.getByRole('form', { name: '記録を追加' });
    await note.getByLabel('記録の種類').selectOption('contact');
    await note.getByLabel('内容').fill('ご本人に電話。足が痛くて買い物に行けないとのこと。');
    await note.getByRole('button', { name: '記録する' }).click();
    await actionDone(page, '記録を追加しました。');
    await waitForText(page.getByTestId('timeline'), '足が痛くて買い物に行けない');
    await checkBothWidths(page, 'detail', async () => {
      await page.getByTestId('timeline').waitFor();
    });

    await page.getByRole('button', { name: '上の組織へ引き上げる' }).click();
    const up = page.getByRole('form', { name: '上の組織へ引き上げる' });
    await up.getByRole('button', { name: '上の組織へ引き上げる' }).click();
    await waitForText(page.getByTestId('error-summary'), '理由：入力してください。');
    await up.getByLabel('理由').fill('買い物と通院の移動支援が必要。地区だけでは調整できないため。');
    await up.getByRole('button', { name: '上の組織へ引き上げる' }).click();
    await actionDone(page, '美祢地域福祉センター へ引き上げました。');
    // Now the centre holds it: the district sees the status and what it recorded.
    await waitForText(page.getByRole('status'), 'この相談は現在 美祢地域福祉センター が担当しています。状況と、あなたの組織が記録した内容のみ表示しています。');
    await waitForText(page.getByTestId('route'), '上の組織へ引き上げ：大嶺地区社会福祉協議会 → 美祢地域福祉センター');
    expect(await page.getByRole('button', { name: '担当者を決める' }).count()).toBe(0);
    // A contributor still tells the professionals what the community sees.
    const more = page.getByRole('form', { name: '記録を追加' });
    await more.getByLabel('内容').fill('近所の方からも、最近見かけないと声があった。');
    await more.getByRole('button', { name: '記録する' }).click();
    await actionDone(page, '記録を追加しました。');
    await waitForText(page.getByTestId('timeline'), '最近見かけないと声があった');
  });

  it('csw-mine sees it in the centre queue and escalates it to the city hub', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    // The escalation reached the centre as a notification: a count in the header, a link on the home page.
    await page.getByTestId('unread-notifications').waitFor();
    const notice = await waitForText(page.getByTestId('notifications').getByRole('listitem'), `相談が上がってきました（受付番号 ${receipt}）`);
    await notice.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `相談 ${receipt}` }).waitFor();
    await openFromQueue(page, 'unit', receipt);
    await waitForText(page.getByTestId('owning-unit'), '美祢地域福祉センター');
    // A sensitive note: the district council, which may not read those, will only be told one exists.
    const note = page.getByRole('form', { name: '記録を追加' });
    await note.getByLabel('記録の種類').selectOption('visit');
    await note.getByLabel('内容').fill('訪問。同居の長男との関係に課題がある様子。');
    await note.getByLabel('配慮が必要な記録にする').check();
    await note.getByRole('button', { name: '記録する' }).click();
    await actionDone(page, '記録を追加しました。');
    await waitForText(page.getByTestId('timeline').getByRole('listitem'), '要配慮');
    await waitForText(page.getByTestId('route'), '買い物と通院の移動支援が必要');
    await page.getByRole('button', { name: '上の組織へ引き上げる' }).click();
    const up = page.getByRole('form', { name: '上の組織へ引き上げる' });
    await up.getByLabel('理由').fill('住まいの課題と家族の課題も重なる複合ケース。市の拠点で多機関の調整が必要。');
    await up.getByRole('button', { name: '上の組織へ引き上げる' }).click();
    await actionDone(page, /自立支援相談機関.* へ引き上げました。/);
  });

  it('the coordinator assigns, saves a plan and closes it as 解決 (the server refuses 他機関へ引継ぎ and 本人辞退 without a date)', async () => {
    const page = b.page;
    await signIn(page, 'coordinator');
    await openFromQueue(page, 'unit', receipt);

    await page.getByRole('button', { name: '担当者を決める' }).click();
    const assign = page.getByRole('form', { name: '担当者を決める' });
    await assign.getByLabel('担当者').selectOption({ label: 'デモ 推進員' });
    await assign.getByRole('button', { name: '担当者にする' }).click();
    await actionDone(page, 'デモ 推進員 さんを担当者にしました。');

    await page.getByRole('button', { name: '支援計画を作る' }).click();
    const plan = page.getByRole('form', { name: '支援計画' });
    await plan.getByLabel('目標1', { exact: true }).fill('週1回、買い物に行ける');
    await plan.getByLabel('支援1', { exact: true }).fill('移動支援ボランティアの調整');
    await plan.getByLabel('担当する組織').selectOption({ label: '美祢地域福祉センター' });
    await plan.getByLabel('期限').fill('2026-12-25');
    await plan.getByLabel('見直し日').fill('2027-02-26');
    await screenshot(page, 'consultations-plan-form-1280');
    await expectAccessible(page, 'plan form');
    await plan.getByRole('button', { name: '新しい版として保存する' }).click();
    await actionDone(page, '支援計画第1版を保存しました。');
    await waitForText(page.getByTestId('plan-view'), '週1回、買い物に行ける');
    await waitForText(page.getByTestId('plan-view'), '美祢地域福祉センター');

    await page.getByRole('button', { name: '終結する' }).click();
    const close = page.getByRole('form', { name: '終結する' });
    await close.getByLabel('終結の理由').selectOption('referred');
    await close.getByRole('button', { name: '終結する' }).click();
    await waitForText(page.getByTestId('error-summary'), '「他機関へ引継ぎ」で終結するには、受理された紹介が必要です。');
    await close.getByLabel('終結の理由').selectOption('declined');
    await close.getByRole('button', { name: '終結する' }).click();
    await waitForText(page.getByTestId('error-summary'), 'フォローアップ日：入力してください。');
    await expectAccessible(page, 'closure form with a server error');
    await screenshot(page, 'consultations-closure-error-1280');
    await close.getByLabel('終結の理由').selectOption('resolved');
    await close.getByRole('button', { name: '終結する' }).click();
    await actionDone(page, '「解決」で終結しました。');
    await waitForText(page.getByTestId('closed-outcome'), '終結・解決');
  });

  it('district-omine opens it again and sees 終結・解決 (contributor view)', async () => {
    const page = b.page;
    await signIn(page, 'district-omine');
    await open(page, '/consultations?view=all&status=any', '相談');
    const row = page.locator(`[data-testid="queue-table"] tr[data-receipt="${receipt}"]`);
    await waitForText(row, '状況のみ');
    await row.getByRole('link', { name: receipt }).click();
    await page.getByRole('heading', { level: 1, name: `相談 ${receipt}` }).waitFor();
    await waitForText(page.getByTestId('closed-outcome'), '終結・解決');
    await waitForText(page.getByRole('status'), '状況と、あなたの組織が記録した内容のみ表示しています。');
    await waitForText(page.getByTestId('timeline'), '足が痛くて買い物に行けない');
    // The CSW's sensitive note is neither shown nor counted: a contributor is not told of notes it would not see anyway.
    expect(await page.getByTestId('hidden-sensitive').count()).toBe(0);
    expect(await page.getByTestId('timeline').textContent()).not.toContain('同居の長男');
    await checkBothWidths(page, 'detail-contributor', async () => {
      await page.getByTestId('closed-outcome').waitFor();
    });
  });

  it('staff intake: the form names missing fields, then routes a worry and says where it went', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await open(page, '/consultations/new', '相談を受け付ける');
    const form = page.getByRole('form', { name: '相談を受け付ける' });
    await form.getByRole('button', { name: '受け付ける' }).click();
    const summary = await waitForText(page.getByTestId('error-summary'), '受付の方法：選択してください。');
    await waitForText(summary, '相談の分野：選択してください。');
    await waitForText(summary, '相談の内容：入力してください。');
    await checkBothWidths(page, 'new-errors', async () => {
      await page.getByTestId('error-summary').waitFor();
    });
    await form.getByLabel('電話', { exact: true }).check();
    await form.getByLabel('住まい').check();
    await form.getByLabel('生活困窮').check();
    await form.getByLabel('相談の内容').fill('家賃を滞納していて退去を求められている。');
    await form.getByLabel('対象者の呼び名').fill('伊佐町の50代女性');
    await form.getByLabel('住所・町名').fill('伊佐町');
    await form.getByLabel('同意あり').check();
    await form.getByLabel('市', { exact: true }).check();
    await form.getByRole('button', { name: '受け付ける' }).click();
    await waitForText(page.getByTestId('routed-to'), '担当の組織：美祢地域福祉センター');
    await expectAccessible(page, 'detail after intake');
  });

  it('an abuse consultation: the CSW reports it under its law, and its closure waits for the coordinator', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await open(page, '/consultations/new', '相談を受け付ける');
    const form = page.getByRole('form', { name: '相談を受け付ける' });
    await form.getByLabel('来所').check();
    await form.getByLabel('虐待・DV').check();
    await form.getByLabel('高齢・介護').check();
    await form.getByLabel('相談の内容').fill('ヘルパーから、利用者の腕にあざがあるとの連絡。');
    await form.getByLabel('対象者の呼び名').fill('大嶺町の90代女性');
    await form.getByRole('button', { name: '受け付ける' }).click();
    await waitForText(page.getByTestId('routed-to'), '美祢地域福祉センター');
    const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const abuseReceipt = heading.replace('相談 ', '').trim();

    await page.getByRole('button', { name: '虐待を通報する' }).click();
    const report = page.getByRole('form', { name: '虐待を通報する' });
    await report.getByLabel('根拠となる法律').selectOption('elderly');
    await report.getByLabel('通報の内容').fill('令和8年11月27日、ヘルパーが腕のあざを確認。');
    await report.getByRole('button', { name: '通報する' }).click();
    await actionDone(page, '高齢者虐待の防止、高齢者の養護者に対する支援等に関する法律 第7条');
    await waitForText(page.locator('#abuse-reports'), '高齢者虐待防止法 第7条');

    await page.getByRole('button', { name: '終結する' }).click();
    const close = page.getByRole('form', { name: '終結する' });
    await waitForText(close, '推進員が承認してから終結します');
    await close.getByLabel('終結の理由').selectOption('resolved');
    await close.getByRole('button', { name: '終結する' }).click();
    await actionDone(page, '終結の承認を依頼しました。');
    await waitForText(page.getByTestId('pending-closure'), '「解決」での終結を依頼しています');
    expect(await page.getByRole('button', { name: '終結を承認する' }).count()).toBe(0);

    await signIn(page, 'coordinator');
    const alert = await waitForText(page.getByTestId('alerts').getByRole('listitem'), abuseReceipt);
    await waitForText(alert, '終結の承認を待っています');
    await alert.getByRole('link', { name: abuseReceipt }).click();
    await page.getByRole('heading', { level: 1, name: `相談 ${abuseReceipt}` }).waitFor();
    await page.getByRole('button', { name: '差し戻す' }).click();
    await waitForText(page.getByTestId('error-summary'), '承認・差し戻しのメモ：入力してください。');
    await expectAccessible(page, 'pending closure with an error');
    await screenshot(page, 'consultations-pending-closure-1280');
    await page.getByRole('button', { name: '終結を承認する' }).click();
    await actionDone(page, '終結を承認しました。');
    await waitForText(page.getByTestId('closed-outcome'), '終結・解決');
  });

  it('the statistics page: a fiscal year in 和暦, an accessible chart with its table, and both CSVs', async () => {
    const page = b.page;
    await signIn(page, 'coordinator');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '相談統計' }).click();
    await page.getByRole('heading', { level: 1, name: '相談統計' }).waitFor();
    await waitForText(page.getByLabel('年度'), /令和\d+年度/);
    const chart = page.getByTestId('stats-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').textContent()).toMatch(/令和\d+年度の月別件数のグラフ/);
    await waitForText(page.getByTestId('stats-totals'), '新規受付');
    expect(await page.getByTestId('stats-monthly-table').locator('tbody tr').count()).toBe(12);
    for (const encoding of ['cp932', 'utf8']) {
      const link = page.locator(`a[href*="export.csv"][href*="encoding=${encoding}"]`);
      const res = await page.request.get((await link.getAttribute('href')) ?? '');
      expect(res.status(), `CSV ${encoding}`).toBe(200);
      expect(res.headers()['content-type']).toMatch(/text\/csv/);
    }
    await checkBothWidths(page, 'stats', async () => {
      await page.getByTestId('stats-chart').waitFor();
    });
  });

  it('in English: the queue and a closed consultation read in English', async () => {
    const page = b.page;
    await signIn(page, 'coordinator');
    await page.getByTestId('language-switch').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await open(page, '/consultations?view=all&status=any', 'Consultations');
    const row = page.locator(`[data-testid="queue-table"] tr[data-receipt="${receipt}"]`);
    await waitForText(row, 'Closed: Resolved');
    await row.getByRole('link', { name: receipt }).click();
    await page.getByRole('heading', { level: 1, name: `Consultation ${receipt}` }).waitFor();
    await waitForText(page.getByTestId('closed-outcome'), 'Closed: Resolved');
    await waitForText(page.getByTestId('route'), 'Escalated');
    await expectAccessible(page, 'detail in English');
    await screenshot(page, 'consultations-detail-en-1280');
    await page.getByTestId('language-switch').click();
    await page.locator('html[lang="ja"]').waitFor({ state: 'attached' });
  });
});
