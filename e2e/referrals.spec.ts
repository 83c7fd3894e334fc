import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Agent } from '../server/test/harness';
import { type Browser, type E2E, expectAccessible, expectNoHorizontalScroll, open, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';

/** The action status line after an action. */
async function actionDone(page: Page, text: string | RegExp): Promise<void> {
  await waitForText(page.getByTestId('action-status'), text);
}

/** axe and no sideways scroll at 1280 and 360 px, with a screenshot of each. */
async function checkBothWidths(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await ready();
    await expectAccessible(page, `${name} at ${width}px`);
    await expectNoHorizontalScroll(page, `${name} at ${width}px`);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function created(res: { statusCode: number; body: string; json(): unknown }): Promise<{ id: string; receiptNumber: string }> {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; receiptNumber: string };
}

/**
 * Closed-loop referrals (issue #5 §4): the coordinator refers a consultation whose person
 * consented to sharing with agencies; 地域包括支援センター sees only the minimum until it
 * accepts, then only the fields shared, works it and reports the outcome; the coordinator
 * sees the outcome and closes the case as 他機関へ引継ぎ on that referral.
 */
describe('referrals: from a consultation to 地域包括支援センター and back', () => {
  let e2e: E2E;
  let b: Browser;
  let consultation = { id: '', receiptNumber: '' };
  let referralId = '';
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('the coordinator refers a consented consultation, sharing all but the phone', async () => {
    const coordinator = await e2e.tenant.login('coordinator');
    const person = await created(
      await coordinator.post('/api/people', { familyName: '紹介', givenName: '花子', familyNameKana: 'ショウカイ', givenNameKana: 'ハナコ', birthDate: '1941-05-10', address: '美祢市大嶺町東分5', phone: '0837-55-6666' }),
    );
    consultation = await created(
      await coordinator.post('/api/consultations', { channel: 'phone', categories: ['elderly_care'], summary: '介護保険の申請を手伝ってほしい。', personId: person.id, consent: 'given', consentScope: ['agencies'] }),
    );

    const page = b.page;
    await signIn(page, 'coordinator');
    await open(page, `/consultations/${consultation.id}`, `相談 ${consultation.receiptNumber}`);
    await page.getByRole('button', { name: '関係機関へ紹介する' }).click();
    const form = page.getByRole('form', { name: '関係機関へ紹介する' });
    await form.getByRole('button', { name: '紹介を送る' }).click();
    const summary = await waitForText(page.getByTestId('error-summary'), '紹介先の機関：入力してください。');
    await waitForText(summary, '紹介の理由：入力してください。');
    // Consent given with scope agencies: the fields to share are offered, all checked.
    const fields = form.getByRole('group', { name: '提供する情報' });
    for (const label of ['氏名（ふりがな）', '生年月日', '住所', '電話番号', '相談の内容', '分野', '緊急度']) expect(await fields.getByLabel(label, { exact: true }).isChecked()).toBe(true);
    await fields.getByLabel('電話番号', { exact: true }).uncheck();
    const select = form.getByLabel('紹介先の機関');
    const houkatsu = await select.locator('option', { hasText: '地域包括支援センター' }).first().getAttribute('value');
    await select.selectOption(houkatsu ?? '');
    await form.getByLabel('紹介の理由').fill('要介護認定の申請支援が必要。');
    await form.getByLabel('依頼したいこと').fill('訪問して申請を手伝ってください。');
    await checkBothWidths(page, 'referrals-send-form', async () => {
      await form.waitFor();
    });
    await form.getByRole('button', { name: '紹介を送る' }).click();
    await actionDone(page, '地域包括支援センター へ紹介を送りました。');
    const item = await waitForText(page.getByTestId('consultation-referrals').getByRole('listitem'), '地域包括支援センター');
    await waitForText(item, '送付済み（受理待ち）');
    referralId = (await item.getAttribute('data-referral')) ?? '';
    expect(referralId).not.toBe('');
    await waitForText(page.getByTestId('timeline'), '関係機関へ紹介した');
  });

  it('地域包括支援センター sees only the minimum, accepts, then sees what was shared (not the phone), works it and completes it', async () => {
    const page = b.page;
    await signIn(page, 'agency-houkatsu');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '紹介', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '紹介' }).waitFor();
    expect(await page.getByRole('navigation', { name: '受信・送信' }).getByRole('link', { name: '受信' }).getAttribute('aria-current')).toBe('page');
    const row = page.locator(`[data-testid="referrals-table"] tr[data-referral="${referralId}"]`);
    await waitForText(row, '送付済み（受理待ち）');
    await waitForText(row, /令和\d+年/);
    await checkBothWidths(page, 'referrals-inbox', async () => {
      await page.locator(`[data-referral="${referralId}"]`).filter({ visible: true }).first().waitFor();
    });

    await row.getByRole('link', { name: consultation.receiptNumber }).click();
    await page.getByRole('heading', { level: 1, name: `紹介 ${consultation.receiptNumber}` }).waitFor();
    await waitForText(page.locator('#shared'), '受理すると、本人が同意した範囲の情報が表示されます');
    const shared = page.getByTestId('shared-data');
    await waitForText(shared, '高齢・介護');
    await waitForText(shared, '80代');
    await page.getByTestId('shared-data-districtUnitId').waitFor();
    for (const hidden of ['name', 'address', 'phone', 'summary', 'birthDate']) expect(await page.getByTestId(`shared-data-${hidden}`).count(), hidden).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('紹介 花子');
    await waitForText(page.getByTestId('referral-request'), '訪問して申請を手伝ってください。');
    await checkBothWidths(page, 'referrals-detail-before-accept', async () => {
      await shared.waitFor();
    });

    await page.getByRole('button', { name: '受理する' }).click();
    await page.getByRole('form', { name: '受理する' }).getByRole('button', { name: '受理する' }).click();
    await actionDone(page, '受理しました。');
    await waitForText(page.getByTestId('shared-data-name'), '紹介 花子（ショウカイ ハナコ）');
    await waitForText(page.getByTestId('shared-data-address'), '美祢市大嶺町東分5');
    await waitForText(page.getByTestId('shared-data-summary'), '介護保険の申請を手伝ってほしい。');
    await waitForText(page.getByTestId('shared-data-birthDate'), '昭和16年5月10日');
    expect(await page.getByTestId('shared-data-phone').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('0837-55-6666');

    // Someone else at the centre started it meanwhile: this page's step is refused with the server's words.
    const colleague: Agent = await e2e.tenant.login('agency-houkatsu');
    expect((await colleague.post(`/api/referrals/${referralId}/start`, {})).statusCode).toBe(200);
    await page.getByRole('button', { name: '対応を開始する' }).click();
    await page.getByRole('form', { name: '対応を開始する' }).getByRole('button', { name: '対応を開始する' }).click();
    await waitForText(page.getByTestId('error-summary'), 'この紹介は、今の状態からその操作はできません。');
    await expectAccessible(page, 'referral step refused (409)');
    await screenshot(page, 'referrals-detail-conflict-1280');

    await page.reload();
    await waitForText(page.getByTestId('referral-status'), '対応中');
    await page.getByRole('button', { name: '完了する' }).click();
    const complete = page.getByRole('form', { name: '完了する' });
    await complete.getByRole('button', { name: '完了する' }).click();
    await waitForText(page.getByTestId('error-summary'), '対応の結果：入力してください。');
    await complete.getByLabel('対応の結果').fill('要介護1の認定。ケアプラン作成済み。');
    await complete.getByRole('button', { name: '完了する' }).click();
    await actionDone(page, '完了しました。');
    await waitForText(page.getByTestId('referral-status'), '完了');
    await waitForText(page.getByTestId('referral-outcome'), '要介護1の認定');
    const history = page.getByTestId('referral-history');
    for (const step of ['送付済み（受理待ち）', '受理', '対応中', '完了']) await waitForText(history, step);
    await checkBothWidths(page, 'referrals-detail-completed', async () => {
      await history.waitFor();
    });
  });

  it('the coordinator sees the outcome and closes the consultation as 他機関へ引継ぎ on that referral', async () => {
    const page = b.page;
    await signIn(page, 'coordinator');
    await open(page, '/referrals?box=outbox', '紹介');
    await waitForText(page.locator(`tr[data-referral="${referralId}"]`), '完了');
    await checkBothWidths(page, 'referrals-outbox', async () => {
      await page.locator(`[data-referral="${referralId}"]`).filter({ visible: true }).first().waitFor();
    });
    await open(page, `/consultations/${consultation.id}`, `相談 ${consultation.receiptNumber}`);
    await waitForText(page.getByTestId('consultation-referrals').getByTestId('referral-outcome'), '要介護1の認定。ケアプラン作成済み。');
    await waitForText(page.getByTestId('timeline'), '紹介先の対応が完了した');

    await page.getByRole('button', { name: '終結する' }).click();
    const close = page.getByRole('form', { name: '終結する' });
    await close.getByLabel('終結の理由').selectOption('referred');
    await close.getByRole('button', { name: '終結する' }).click();
    await waitForText(page.getByTestId('error-summary'), '引き継いだ紹介：選択してください。');
    await close.getByLabel('引き継いだ紹介').selectOption(referralId);
    await expectAccessible(page, 'closure form with the referral');
    await screenshot(page, 'referrals-closure-1280');
    await close.getByRole('button', { name: '終結する' }).click();
    await actionDone(page, '「他機関へ引継ぎ」で終結しました。');
    await waitForText(page.getByTestId('closed-outcome'), '終結・他機関へ引継ぎ');
  });
});

/**
 * A 支援会議 (社会福祉法 第106条の6): csw-mine calls it with 地域包括支援センター as a member,
 * pledges and shares a consultation; the agency sees only the pledge until it pledges, then
 * the shared snapshot.
 */
describe('conferences: a 支援会議 with the pledge before anything is seen', () => {
  let e2e: E2E;
  let b: Browser;
  let houkatsuId = '';
  let receipt = '';
  let conferenceUrl = '';
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('地域包括支援センター sets a notification address and reads its account ID on the account page', async () => {
    const page = b.page;
    await signIn(page, 'agency-houkatsu');
    await open(page, '/account', 'アカウント設定');
    const form = page.getByRole('form', { name: '通知メール' });
    await waitForText(page.locator('#notify-email'), '個人情報は書きません');
    await form.getByLabel('通知を受け取るメールアドレス').fill('not-an-address');
    await form.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.getByTestId('error-summary'), '通知を受け取るメールアドレス：');
    await form.getByLabel('通知を受け取るメールアドレス').fill('houkatsu@example.jp');
    await form.getByRole('button', { name: '保存する' }).click();
    await waitForText(page.locator('#notify-email').getByRole('status'), '通知メールの宛先を houkatsu@example.jp にしました。');
    houkatsuId = ((await page.getByTestId('account-id').textContent()) ?? '').trim();
    expect(houkatsuId).not.toBe('');
    await checkBothWidths(page, 'account-email', async () => {
      await page.getByTestId('account-id').waitFor();
    });
  });

  it('csw-mine calls the meeting, pledges, and shares a consultation', async () => {
    const csw = await e2e.tenant.login('csw-mine');
    const c = await created(await csw.post('/api/consultations', { channel: 'home_visit', categories: ['elderly_care', 'poverty'], summary: '家賃の滞納と介護の負担が重なっている。', subjectLabel: '大嶺町の80代男性', consent: 'not_given' }));
    receipt = c.receiptNumber;

    const page = b.page;
    await signIn(page, 'csw-mine');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '会議', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '会議' }).waitFor();
    await page.getByRole('button', { name: '会議を開く' }).click();
    const form = page.getByRole('form', { name: '会議を開く' });
    await form.getByRole('button', { name: '会議を開く' }).click();
    await waitForText(page.getByTestId('error-summary'), '会議の種類：選択してください。');
    await form.getByLabel(/^支援会議/).check();
    await form.getByLabel('会議名').fill('大嶺地区 高齢者世帯の支援会議');
    await form.getByLabel('日時').fill('2030-01-15T10:00');
    await form.getByLabel('職員', { exact: true }).selectOption(houkatsuId);
    await form.getByRole('button', { name: '職員を加える' }).click();
    await form.getByLabel('参加者の名前').fill('外部 一郎');
    await form.getByLabel('所属').fill('NPO法人（デモ）');
    await form.getByRole('button', { name: '外部の参加者を加える' }).click();
    await waitForText(page.getByTestId('member-drafts'), '外部 一郎');
    await waitForText(page.getByTestId('member-drafts'), '職員：デモ 地域包括支援センター');
    await checkBothWidths(page, 'conferences-create', async () => {
      await form.waitFor();
    });
    await form.getByRole('button', { name: '会議を開く' }).click();
    await page.getByRole('heading', { level: 1, name: '大嶺地区 高齢者世帯の支援会議' }).waitFor();
    conferenceUrl = new URL(page.url()).pathname;

    // The convener too pledges before seeing anything.
    await page.getByTestId('pledge-text').waitFor();
    await page.getByRole('button', { name: '誓約する' }).click();
    await waitForText(page.getByTestId('error-summary'), '上の内容に同意し、誓約します：選択してください。');
    await page.getByLabel('上の内容に同意し、誓約します').check();
    await page.getByRole('button', { name: '誓約する' }).click();
    await actionDone(page, '誓約しました。');
    const outside = await waitForText(page.getByTestId('conference-members').getByRole('listitem'), '外部 一郎');
    await outside.getByRole('button', { name: '書面の誓約を記録する：外部 一郎' }).click();
    await actionDone(page, '外部 一郎 さんの書面の誓約を記録しました。');
    await waitForText(page.locator('[data-member="外部 一郎"]'), '誓約済み');

    await page.getByRole('button', { name: '相談を共有する' }).click();
    const search = page.getByRole('search', { name: '相談をさがす' });
    await search.getByLabel('相談をさがす').fill(receipt);
    await search.getByRole('button', { name: 'さがす' }).click();
    const share = page.getByRole('form', { name: '相談を共有する' });
    await share.getByLabel('共有する相談').locator(`option[value="${c.id}"]`).waitFor({ state: 'attached' });
    await share.getByLabel('共有する相談').selectOption(c.id);
    await share.getByRole('button', { name: '共有する' }).click();
    await actionDone(page, '相談を共有しました。');
    await waitForText(page.getByTestId('conference-shares'), '家賃の滞納と介護の負担が重なっている。');

    // It shared a consultation without consent: converting to a 重層的支援会議 is refused.
    const convert = page.getByRole('form', { name: '重層的支援会議に切り替える' });
    await convert.getByLabel('共有された相談のすべてについて、本人の同意を得たことを確認しました').check();
    await convert.getByRole('button', { name: '切り替える' }).click();
    await waitForText(page.getByTestId('error-summary'), '同意');
    await checkBothWidths(page, 'conferences-detail-convener', async () => {
      await page.getByTestId('conference-shares').waitFor();
    });
  });

  it('地域包括支援センター sees only the meeting and the pledge, pledges, then sees the shared snapshot', async () => {
    const page = b.page;
    await signIn(page, 'agency-houkatsu');
    await open(page, '/conferences', '会議');
    const row = await waitForText(page.getByTestId('conferences-table').locator('tbody tr'), '大嶺地区 高齢者世帯の支援会議');
    await waitForText(row, '支援会議');
    await waitForText(row, '未誓約');
    await checkBothWidths(page, 'conferences-list', async () => {
      await page.locator('[data-conference]').filter({ visible: true }).first().waitFor();
    });
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '大嶺地区 高齢者世帯の支援会議' }).waitFor();
    await waitForText(page.getByTestId('pledge-text'), '社会福祉法第106条の6第5項');
    await waitForText(page.getByTestId('conference-kind'), '支援会議');
    expect(await page.getByRole('heading', { name: '構成員' }).count()).toBe(0);
    expect(await page.getByTestId('conference-shares').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('家賃の滞納');
    await checkBothWidths(page, 'conferences-pledge', async () => {
      await page.getByTestId('pledge-text').waitFor();
    });

    await page.getByLabel('上の内容に同意し、誓約します').check();
    await page.getByRole('button', { name: '誓約する' }).click();
    await actionDone(page, '誓約しました。');
    const snapshot = page.getByTestId('share-snapshot');
    await waitForText(snapshot, '家賃の滞納と介護の負担が重なっている。');
    await waitForText(snapshot, receipt);
    await waitForText(snapshot, '生活困窮');
    await waitForText(page.getByTestId('conference-members'), 'デモ CSW（美祢）');
    expect(await page.getByRole('button', { name: '相談を共有する' }).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(conferenceUrl);
    await checkBothWidths(page, 'conferences-detail-member', async () => {
      await snapshot.waitFor();
    });
  });

  it('csw-mine closes the meeting; 地域包括支援センター then sees that it ended and nothing it held', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await open(page, conferenceUrl, '大嶺地区 高齢者世帯の支援会議');
    const close = page.getByRole('form', { name: '会議を終了する' });
    await close.getByRole('button', { name: '終了する' }).click();
    await waitForText(page.getByTestId('error-summary'), '構成員から共有内容が見られなくなることを確認しました');
    await close.getByLabel('構成員から共有内容が見られなくなることを確認しました').check();
    await close.getByLabel('終了の理由（任意）').fill('支援方針が決まったため');
    await close.getByRole('button', { name: '終了する' }).click();
    await actionDone(page, '会議を終了しました。');
    await waitForText(page.getByTestId('conference-ended'), '終了しました');

    await signIn(page, 'agency-houkatsu');
    await open(page, conferenceUrl, '大嶺地区 高齢者世帯の支援会議');
    await waitForText(page.getByTestId('conference-ended'), '共有された内容は見られません');
    expect(await page.getByTestId('share-snapshot').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('家賃の滞納');
    await checkBothWidths(page, 'conferences-ended', async () => {
      await page.getByTestId('conference-ended').waitFor();
    });
  });
});
