import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedHelperDemo } from '../server/modules/helpers';
import { type Browser, expectAccessible, expectNoHorizontalScroll, open, signIn, TEST_PASSWORD, type E2E, useE2E } from './support/app';
import { waitForText } from './support/wait';

const SLOW = 240_000;

/** axe and no sideways scroll at desktop and phone width. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} @${width}`);
    await expectNoHorizontalScroll(page, `${name} @${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('担い手: sign-up, review, ranking and booking, the helper\'s phone view, the network', () => {
  let e2e: E2E;
  let b: Browser;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('a resident signs up on the public site; 社協 staff find it in the review queue and approve it', async () => {
    await seedHelperDemo(e2e.tenant.db, e2e.tenant.m, TEST_PASSWORD);
    const page = b.page;
    await page.context().clearCookies();
    await open(page, '/volunteer', 'ボランティア（担い手）に登録する');
    await checkPage(page, 'volunteer-signup');
    await page.locator('input[name="familyName"]').fill('公募');
    await page.locator('input[name="givenName"]').fill('三郎');
    await page.locator('input[name="familyNameKana"]').fill('コウボ');
    await page.locator('input[name="givenNameKana"]').fill('サブロウ');
    await page.locator('input[name="birthDate"]').fill('1960-05-05');
    await page.locator('input[name="address"]').fill('山口県美祢市秋芳町秋吉9-9');
    await page.locator('input[name="phone"]').fill('0837-62-9999');
    await page.getByLabel('社会福祉協議会が、連絡と活動の調整のためにこの内容を使うことに同意します。').check();
    await page.getByRole('button', { name: '申し込む' }).click();
    await waitForText(page.getByRole('status'), 'お申し込みありがとうございます');

    await signIn(page, 'shakyo-staff');
    await open(page, '/helpers?status=pending', '担い手（ボランティア）');
    await page.getByRole('link', { name: '公募 三郎' }).click();
    await page.getByRole('heading', { level: 1, name: '担い手：公募 三郎' }).waitFor();
    await checkPage(page, 'helper-review');
    await page.getByRole('button', { name: '承認する' }).click();
    await waitForText(page.getByRole('status'), '承認しました。');
  }, SLOW);

  it('a transport request for a Tuesday morning in 秋芳 ranks the demo helpers with reasons; booking the first asks them', async () => {
    const page = b.page;
    await signIn(page, 'shakyo-staff');
    await open(page, '/help-requests', '助け合いの依頼');
    const tuesday = await page.evaluate(() => {
      const d = new Date(Date.now() + 9 * 3600_000);
      do d.setUTCDate(d.getUTCDate() + 1);
      while (d.getUTCDay() !== 2);
      return d.toISOString().slice(0, 10);
    });
    await page.getByLabel('依頼する方のお名前').fill('岩永 トメ（試験）');
    await page.getByLabel('住所（迎えに行く場所）').fill('山口県美祢市秋芳町岩永1-1');
    await page.getByLabel('日付').fill(tuesday);
    await page.getByLabel('開始').fill('09:00');
    await page.getByLabel('終了（帰りを含む）').fill('12:00');
    await page.getByRole('button', { name: '依頼を登録する' }).last().click();
    await page.getByTestId('candidates').waitFor();
    await checkPage(page, 'help-request-candidates');
    const first = page.getByTestId('candidates').locator('li').first();
    await expect.poll(() => first.textContent()).toMatch(/車・運転免許あり、同乗の同意あり/);
    expect(await first.textContent()).toMatch(/ボランティア保険（基本タイプ）/);
    expect(await page.getByTestId('excluded').textContent()).toMatch(/送迎に使える車・免許・同乗の同意がない/);
    await first.getByRole('button', { name: /さんに依頼する/ }).click();
    await waitForText(page.getByRole('status'), 'さんに依頼しました');
  }, SLOW);

  it('the helper sees only their own requests on a phone, with accept and decline', async () => {
    const page = b.page;
    await signIn(page, 'helper-demo');
    await page.setViewportSize({ width: 360, height: 800 });
    await open(page, '/my/helping', 'わたしの活動');
    const mine = await e2e.tenant.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM help_assignments a JOIN helpers h ON h.municipality_code = a.municipality_code AND h.helper_id = a.helper_id
        JOIN accounts c ON c.municipality_code = h.municipality_code AND c.account_id = h.account_id
        WHERE a.municipality_code = $1 AND c.login_id = 'helper-demo' AND a.status IN ('confirmed', 'accepted')`,
      [e2e.tenant.m],
    );
    expect(await page.getByTestId('my-assignments').locator(':scope > li').count()).toBe(mine.rows[0]!.n);
    await checkPage(page, 'my-helping');
    if (mine.rows[0]!.n > 0) {
      await page.getByRole('button', { name: '引き受ける' }).first().click();
      await waitForText(page.getByRole('status'), '引き受けました。');
    }
  }, SLOW);

  it('the network page shows its growth as a chart with the same numbers in a table', async () => {
    const page = b.page;
    await signIn(page, 'coordinator');
    await open(page, '/network', '地域ささえ愛会議');
    await page.getByTestId('network-chart').waitFor();
    expect(await page.getByTestId('network-growth-table').locator('tbody tr').count()).toBeGreaterThan(3);
    await checkPage(page, 'network');
  }, SLOW);
});
