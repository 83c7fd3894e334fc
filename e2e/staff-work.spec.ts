import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS } from '../core/contracts/audit-labels';
import { CONSULTATION_LABELS, TimelineKind } from '../core/contracts/consultations';
import { NOTIFICATION_KIND_LABELS } from '../core/contracts/notifications';
import { ReferralStatus } from '../core/contracts/referrals';
import { type Browser, type E2E, expectAccessible, expectNoHorizontalScroll, open, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';

const SLOW = 240_000;

async function checkBothWidths(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await ready();
    await expectAccessible(page, `${name} at ${width}px`);
    await expectNoHorizontalScroll(page, `${name} at ${width}px`);
    await screenshot(page, `staff-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Every code the server sends that a page must put into words: audit actions and record types,
 * notification kinds, timeline kinds, referral statuses and the consultation codes (only the
 * ones that cannot be a Japanese word, i.e. written in Latin letters).
 */
const CODES = new Set<string>([
  ...Object.keys(AUDIT_ACTION_LABELS), ...Object.keys(AUDIT_SUBJECT_LABELS), ...Object.keys(NOTIFICATION_KIND_LABELS), ...TimelineKind.options, ...ReferralStatus.options,
  ...Object.values(CONSULTATION_LABELS).flatMap((g) => Object.keys(g)),
]);

/** Codes found in the visible text of a region: snake_case and dotted codes, and any known code as a whole word. */
async function rawCodesIn(region: Locator): Promise<string[]> {
  const text = await region.innerText();
  // Login IDs and record ids (district-omine, uuids) are joined by hyphens: names people use, not codes to translate.
  const words = (text.match(/[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*/g) ?? []).filter((w) => !w.includes('-'));
  return [...new Set(words.filter((w) => CODES.has(w) || /^[a-z][a-zA-Z0-9]*[._][a-z]/.test(w)))];
}

/**
 * The staff side of issue #10: new web work shows where a district member looks first; a CSW
 * records consent after intake and refers with what it allows; notifications, the audit log and
 * the home page read in words.
 */
describe('staff: new work, consent after intake, and words instead of codes', () => {
  let e2e: E2E;
  let b: Browser;
  let receipt = '';
  let referralId = '';
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('a district member sees the new web consultation on the home page and in the queue tab it opens on, at 1280 and 360 px', async () => {
    const sent = await e2e.tenant.anon.post('/api/public/consultations', {
      summary: '母が最近ひとりで買い物に行けなくなりました。', aboutSomeoneElse: true, relation: 'family', subjectName: '美祢 ハナ', name: '美祢 花子', phone: '090-1234-5678', address: '大嶺町',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    receipt = sent.json().receiptNumber;
    const page = b.page;
    await signIn(page, 'district-omine');
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page, '/', 'ホーム');
      const alert = await waitForText(page.getByTestId('alerts').getByRole('listitem'), receipt);
      await waitForText(alert, '新しい相談（担当者はまだいません）');
      await waitForText(page.getByTestId('notifications'), `新しい相談が届きました（受付番号 ${receipt}）`);
      // The queue opens on 組織の相談, where the district's new work is.
      await open(page, '/consultations', '相談');
      const tab = page.getByRole('navigation', { name: '表示する相談' }).getByRole('link', { name: '組織の相談' });
      expect(await tab.getAttribute('aria-current')).toBe('page');
      await page.locator(`[data-receipt="${receipt}"]`).filter({ visible: true }).first().waitFor();
    }
    await checkBothWidths(page, 'home-district', async () => {
      await open(page, '/', 'ホーム');
      await page.getByTestId('alerts').waitFor();
    });
  }, SLOW);

  it('a CSW records the consent obtained after intake, and the referral then shares what it allows', async () => {
    const page = b.page;
    await signIn(page, 'csw-mine');
    await open(page, `/consultations?view=all&q=${receipt}`, '相談');
    await page.locator(`[data-testid="queue-table"] tr[data-receipt="${receipt}"]`).getByRole('link', { name: receipt }).click();
    await page.getByRole('heading', { level: 1, name: `相談 ${receipt}` }).waitFor();
    await waitForText(page.getByTestId('consent-needed'), '関係機関へ紹介する前に本人に同意を確かめ');
    // Before consent, a referral could carry only the minimum.
    await page.getByRole('button', { name: '関係機関へ紹介する' }).click();
    const before = page.getByRole('form', { name: '関係機関へ紹介する' });
    expect(await before.getByRole('group', { name: '提供する情報' }).count()).toBe(0);
    await before.getByRole('button', { name: 'キャンセル' }).click();

    await page.getByRole('button', { name: '受付の内容を変更する' }).click();
    const edit = page.getByTestId('intake-form');
    await edit.getByLabel('同意あり').check();
    await edit.getByRole('group', { name: /同意の範囲/ }).getByLabel('関係機関').check();
    await edit.getByLabel('変更の理由・メモ').fill('初回訪問で本人から同意を得た');
    await checkBothWidths(page, 'intake-edit', () => edit.waitFor());
    await edit.getByRole('button', { name: '変更を保存する' }).click();
    await waitForText(page.getByTestId('action-status'), '受付の内容を変更しました。');
    await page.getByTestId('consent-needed').waitFor({ state: 'detached' });
    await waitForText(page.locator('#overview'), '同意あり（関係機関）');
    const line = await waitForText(page.getByTestId('timeline').getByRole('listitem'), '受付の内容を変更した');
    await waitForText(line, '情報共有の同意：未確認 → 同意あり');
    await waitForText(line, '初回訪問で本人から同意を得た');
    // The stage chips: only 受付 has happened.
    expect(await page.getByTestId('stage-stepper').locator('[data-step="visited"]').count()).toBe(0);

    await page.getByRole('button', { name: '関係機関へ紹介する' }).click();
    const form = page.getByRole('form', { name: '関係機関へ紹介する' });
    const fields = form.getByRole('group', { name: '提供する情報' });
    expect(await fields.getByLabel('氏名（ふりがな）', { exact: true }).isChecked()).toBe(true);
    const select = form.getByLabel('紹介先の機関');
    await select.selectOption((await select.locator('option', { hasText: '地域包括支援センター' }).first().getAttribute('value')) ?? '');
    await form.getByLabel('紹介の理由').fill('買い物と食事の支援、介護保険の相談が必要。');
    await form.getByLabel('依頼したいこと').fill('訪問して介護保険の申請を手伝ってください。');
    await form.getByRole('button', { name: '紹介を送る' }).click();
    await waitForText(page.getByTestId('action-status'), '地域包括支援センター へ紹介を送りました。');
    const item = await waitForText(page.getByTestId('consultation-referrals').getByRole('listitem'), '地域包括支援センター');
    referralId = (await item.getAttribute('data-referral')) ?? '';

    // The agency accepts and reads what the consent allowed: the mother, not the daughter, named.
    const agency = await e2e.tenant.login('agency-houkatsu');
    expect((await agency.post(`/api/referrals/${referralId}/accept`, {})).statusCode).toBe(200);
    const shared = (await agency.get(`/api/referrals/${referralId}`)).json();
    expect(shared).toMatchObject({ sharing: 'consent', shared: { name: '美祢 ハナ', summary: '母が最近ひとりで買い物に行けなくなりました。' } });
    await open(page, `/referrals/${referralId}`, `紹介 ${receipt}`);
    await waitForText(page.getByTestId('referral-sharing'), '本人の同意（関係機関への提供）');
  }, SLOW);

  it('notifications and the home page read in words: the referral\'s new status is not a code', async () => {
    const page = b.page;
    await open(page, '/', 'ホーム');
    const notice = await waitForText(page.getByTestId('notifications').getByRole('listitem'), `紹介の状況が変わりました（受付番号 ${receipt}）`);
    expect(await notice.getByRole('link').getAttribute('href')).toBe(`/referrals/${referralId}`);
    expect(await rawCodesIn(page.locator('main'))).toEqual([]);
    await signIn(page, 'district-omine');
    expect(await rawCodesIn(page.locator('main'))).toEqual([]);
    await signIn(page, 'coordinator');
    await page.getByRole('heading', { level: 2, name: '対応が必要なもの' }).waitFor();
    expect(await rawCodesIn(page.locator('main'))).toEqual([]);
    // The check does catch a code (guards against a check that never fails).
    await page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('p'), { textContent: '紹介（2026-00001）が「in_progress」になりました accepted' })));
    expect(await rawCodesIn(page.locator('main'))).toEqual(['in_progress', 'accepted']);
  }, SLOW);

  it('the audit log: actions and record types in words, filters to pick from, readable at 375 px', async () => {
    const page = b.page;
    await signIn(page, 'auditor');
    await open(page, '/audit', '監査ログ');
    const table = page.getByTestId('audit-table');
    await waitForText(table.locator('tbody tr[data-action="consultation.created_public"]'), '相談の受付（住民のウェブ相談）');
    expect(await rawCodesIn(page.locator('main'))).toEqual([]);
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '関係機関への紹介' });
    await page.getByLabel('対象の種類').selectOption({ label: '紹介' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL((u) => u.searchParams.get('action') === 'referral.sent' && u.searchParams.get('subjectType') === 'referral');
    await waitForText(table.locator('tbody tr'), 'csw-mine');
    await page.setViewportSize({ width: 375, height: 800 });
    const card = await waitForText(page.getByTestId('audit-cards').getByRole('listitem'), '関係機関への紹介');
    await waitForText(card, 'csw-mine');
    await expectNoHorizontalScroll(page, 'audit at 375px');
    await expectAccessible(page, 'audit at 375px');
    await screenshot(page, 'staff-audit-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, '/audit', '監査ログ');
    await checkBothWidths(page, 'audit', () => page.locator('[data-testid="audit-table"], [data-testid="audit-cards"]').filter({ visible: true }).first().waitFor());
    expect(await rawCodesIn(page.locator('main'))).toEqual([]);
  }, SLOW);

  it('had no script error or Content-Security-Policy refusal', () => {
    expect(b.problems).toEqual([]);
  });
});
