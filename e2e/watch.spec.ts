import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, type E2E, expectAccessible, expectNoHorizontalScroll, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';

/**
 * 見守り on a phone (issue #11 §3): at 360 px a 民生委員 goes offline, records 10 visits, reloads
 * the page with no signal, comes back online, and the server holds exactly 10; the same visit
 * posted twice stores one. The screens pass axe at 360 px.
 */
/** Opens a person's screen from the watcher's list, taps one of the large buttons, and comes back to the list. */
async function tapVisit(page: Page, name: string, button: string): Promise<void> {
  await page.getByRole('link', { name: `${name}さんの見守りを記録する` }).click();
  await page.getByRole('heading', { level: 1, name: `${name}さん` }).waitFor();
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('status').filter({ hasText: `「${button}」を記録しました。` }).waitFor();
  await page.getByRole('link', { name: '一覧にもどる' }).click();
  await page.getByRole('heading', { level: 1, name: '見守り' }).waitFor();
}

describe('watch-over from a phone with no signal', () => {
  let e2e: E2E;
  let b: Browser;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  const visitsStored = async (): Promise<number> => {
    const { rows } = await e2e.tenant.db.query<{ n: number }>('SELECT count(*)::int AS n FROM watch_visits WHERE municipality_code = $1', [e2e.tenant.m]);
    return rows[0]!.n;
  };


  it('records 10 visits offline, keeps them through a reload with no signal, and the server stores exactly 10 once the signal returns', async () => {
    const c = await e2e.tenant.login('commissioner-omine');
    const names: string[] = [];
    for (const given of ['一子', '二子', '三子']) {
      const p = await c.post('/api/people', { familyName: '架空', givenName: given, familyNameKana: 'カクウ', givenNameKana: 'カズコ', birthDate: '1941-02-03', address: '美祢市大嶺町東分9' });
      expect(p.statusCode, p.body).toBe(201);
      const plan = await c.post('/api/watch/plans', { personId: p.json().id, watcherKind: 'commissioner', basis: 'consent', consentScope: ['watcher'], consentRecordedOn: '2026-04-01', frequencyDays: 7, channel: 'visit' });
      expect(plan.statusCode, plan.body).toBe(201);
      names.push(`架空 ${given}`);
    }
    b = await e2e.openBrowser({ width: 360 });
    const page = b.page;
    await signIn(page, 'commissioner-omine');
    await page.goto('/watch');
    await page.getByRole('heading', { level: 1, name: '見守り' }).waitFor();
    await page.getByRole('link', { name: `${names[0]}さんの見守りを記録する` }).waitFor();
    // The service worker has cached the app shell; the list is kept on the phone.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expectAccessible(page, 'watch list 360');
    await expectNoHorizontalScroll(page, 'watch list 360');

    await b.context.setOffline(true);
    const plan = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const buttons = ['元気', '元気', '不在', '気になる', '元気', '元気', '元気', '元気', '不在', '元気'];
    for (let i = 0; i < 10; i++) await tapVisit(page, names[plan[i]!]!, buttons[i]!);
    await waitForText(page.getByTestId('unsent-count'), '未送信の記録 10件');
    expect(await visitsStored()).toBe(0);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '見守り' }).waitFor();
    await page.getByText('電波がないため、この端末に保存した一覧を表示しています。').waitFor();
    await waitForText(page.getByTestId('unsent-count'), '未送信の記録 10件');
    await screenshot(page, 'watch-offline-360');

    await b.context.setOffline(false);
    await waitForText(page.getByTestId('unsent-count'), '未送信の記録はありません');
    expect(await visitsStored()).toBe(10);

    // The same visit posted again (a retry whose answer was lost) stores one.
    const { rows } = await e2e.tenant.db.query<{ plan_id: string; client_request_id: string; visited_at: Date }>(
      'SELECT plan_id, client_request_id, visited_at FROM watch_visits WHERE municipality_code = $1 ORDER BY visited_at LIMIT 1',
      [e2e.tenant.m],
    );
    const again = await c.post('/api/watch/visits', { planId: rows[0]!.plan_id, status: 'fine', visitedAt: new Date(rows[0]!.visited_at).toISOString(), clientRequestId: rows[0]!.client_request_id });
    expect(again.json().replayed).toBe(true);
    expect(await visitsStored()).toBe(10);
  });

  it('緊急 tells the watcher at once to call 119 and whom next; the visit screen passes axe at 360 px', async () => {
    const page = b.page;
    await page.goto('/watch');
    await page.getByRole('link', { name: /架空 一子さん/ }).click();
    await page.getByRole('heading', { level: 1, name: '架空 一子さん' }).waitFor();
    await expectAccessible(page, 'watch visit 360');
    await expectNoHorizontalScroll(page, 'watch visit 360');
    await page.getByRole('button', { name: '緊急', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'すぐに119番に電話してください' });
    await alert.waitFor();
    expect(await alert.getByRole('link', { name: '119番に電話する' }).getAttribute('href')).toBe('tel:119');
    await alert.getByText('地区社協と地域福祉センターにも知らせました。').waitFor();
    expect(b.problems).toEqual([]);
  });
});
