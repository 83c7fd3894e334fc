import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, type E2E, expectAccessible, expectNoHorizontalScroll, screenshot, signIn, useE2E } from './support/app';
import { waitForText } from './support/wait';
import { seedRollcall, type Rollcall } from './support/evacuation';

/**
 * 安否確認 on a phone (issue #12 §6–7, the Done-when): at 360 px a 民生委員 opens their list for
 * the disaster, goes offline, records 20 statuses, reloads the page with no signal, comes back
 * online, and the server holds exactly 20; the same status sent twice is stored once. The
 * screens pass axe at 360 px. When the event ends the phone forgets its copy.
 */
async function tapStatus(page: Page, name: string, button: string): Promise<void> {
  await page.getByRole('link', { name: `${name}さんの安否を記録する` }).click();
  await page.getByRole('heading', { level: 1, name: `${name}さん` }).waitFor();
  if (button === '避難所へ避難') {
    await page.getByRole('button', { name: '避難所へ避難', exact: true }).click();
    await page.getByLabel('どこに避難しましたか').selectOption({ label: '架空 大嶺公民館' });
    await page.getByRole('button', { name: '避難所へ避難 を記録する' }).click();
  } else {
    await page.getByRole('button', { name: button, exact: true }).click();
  }
  await page.getByRole('status').filter({ hasText: `「${button}」を記録しました。` }).waitFor();
  await page.getByRole('link', { name: '一覧にもどる' }).click();
  await page.getByRole('heading', { level: 1, name: '安否確認' }).waitFor();
}

/** Twenty taps and a reload on a small, shared machine take a few minutes. */
const SLOW = 300_000;

describe('安否確認 from a phone with no signal', () => {
  let e2e: E2E;
  let b: Browser;
  let rc: Rollcall;
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
  });

  it('records 20 statuses offline, keeps them through a reload with no signal, and the server stores exactly 20 once the signal returns', async () => {
    rc = await seedRollcall(e2e, 5);
    b = await e2e.openBrowser({ width: 360 });
    const page = b.page;
    await signIn(page, 'commissioner-omine');
    await page.goto(`/rollcall/${rc.disasterId}`);
    await page.getByRole('heading', { level: 1, name: '安否確認' }).waitFor();
    await page.getByRole('link', { name: `${rc.names[0]}さんの安否を記録する` }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expectAccessible(page, 'rollcall list 360');
    await expectNoHorizontalScroll(page, 'rollcall list 360');

    await b.context.setOffline(true);
    const buttons = ['無事（在宅）', '不在', '避難所へ避難', '要救助', '未確認', '負傷・死亡'];
    for (let i = 0; i < 20; i++) await tapStatus(page, rc.names[i % rc.names.length]!, buttons[i % buttons.length]!);
    await waitForText(page.getByTestId('unsent-count'), '未送信の記録 20件');
    expect(await rc.stored()).toBe(0);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '安否確認' }).waitFor();
    await page.getByText('電波がないため、この端末に保存した一覧を表示しています。').waitFor();
    await waitForText(page.getByTestId('unsent-count'), '未送信の記録 20件');
    await screenshot(page, 'rollcall-offline-360');

    await b.context.setOffline(false);
    // Twenty requests through the whole app on a busy two-core machine: a generous wait, no timing asserted.
    await page.getByTestId('unsent-count').filter({ hasText: '未送信の記録はありません' }).first().waitFor({ timeout: 180_000 });
    expect(await rc.stored()).toBe(20);

    // The same status sent again (a retry whose answer was lost) is stored once.
    const again = await rc.resendFirst();
    expect(again.statusCode, again.body).toBeLessThan(300);
    expect(JSON.parse(again.body).replayed).toBe(true);
    expect(await rc.stored()).toBe(20);
  }, SLOW);

  it('the person screen passes axe at 360 px; 要救助 says at once to call 119', async () => {
    const page = b.page;
    await page.goto(`/rollcall/${rc.disasterId}`);
    await page.getByRole('link', { name: `${rc.names[0]}さんの安否を記録する` }).click();
    await page.getByRole('heading', { level: 1, name: `${rc.names[0]}さん` }).waitFor();
    await expectAccessible(page, 'rollcall person 360');
    await expectNoHorizontalScroll(page, 'rollcall person 360');
    await page.getByRole('button', { name: '要救助', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'すぐに119番に電話してください' });
    await alert.waitFor();
    expect(await alert.getByRole('link', { name: '119番に電話する' }).getAttribute('href')).toBe('tel:119');
    await waitForText(page.getByTestId('unsent-count'), '未送信の記録はありません');
    expect(await rc.stored()).toBe(21);
    expect(b.problems).toEqual([]);
  }, SLOW);

  it('when the event ends, the phone forgets its list: the server answers 404/410 and nothing of it is kept', async () => {
    const page = b.page;
    await rc.end();
    await page.goto(`/rollcall/${rc.disasterId}`);
    await page.getByRole('heading', { level: 1, name: '安否確認' }).waitFor();
    await page.getByText('この災害の安否確認は終わりました。').waitFor();
    const kept = await page.evaluate(async () => {
      const open = indexedDB.open('sasaeai-offline');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.addEventListener('success', () => resolve(open.result));
        open.addEventListener('error', () => reject(open.error));
      });
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const req = db.transaction('cache').objectStore('cache').getAllKeys();
        req.addEventListener('success', () => resolve(req.result));
        req.addEventListener('error', () => reject(req.error));
      });
      db.close();
      return keys.map(String);
    });
    expect(kept.filter((k) => k.startsWith(`rollcall:${rc.disasterId}:`))).toEqual([]);
  }, SLOW);

  it('a numbered copy of a district registry names its recipient, its PDF opens, and the ledger shows it until it is returned', async () => {
    const staff = await e2e.openBrowser({ width: 1280 });
    const page = staff.page;
    await signIn(page, 'disaster-staff');
    await page.goto('/evacuation/copies');
    await page.getByRole('heading', { level: 1, name: '名簿の写し（番号付き）と交付台帳' }).waitFor();
    await page.getByLabel(/^地区/).selectOption({ label: '大嶺地区社会福祉協議会' });
    await page.getByLabel(/^受取人（氏名と所属）/).fill('大嶺地区 民生委員 架空 花子');
    await page.getByRole('button', { name: '番号を付けて交付する' }).click();
    await page.getByRole('status').filter({ hasText: /写し 第\d+号 を交付しました/ }).waitFor();
    const row = page.getByTestId('copy-ledger').getByRole('row').filter({ hasText: '大嶺地区 民生委員 架空 花子' });
    await row.filter({ hasText: '交付中' }).waitFor();
    await expectAccessible(page, 'copies 1280');
    const href = await row.getByRole('link', { name: /のPDFを開く/ }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await row.getByRole('button', { name: /の返却を記録する/ }).click();
    await row.filter({ hasText: '返却済み' }).waitFor();
    await expect(row.getByRole('link', { name: /のPDFを開く/ }).count()).resolves.toBe(0);
    await page.setViewportSize({ width: 360, height: 900 });
    await expectAccessible(page, 'copies 360');
    await expectNoHorizontalScroll(page, 'copies 360');
    expect(staff.problems).toEqual([]);
  }, SLOW);

  it('hazard areas imported as GeoJSON put the registrants inside them on the worklist, highest priority first', async () => {
    const staff = await e2e.openBrowser({ width: 1280 });
    const page = staff.page;
    await signIn(page, 'disaster-staff');
    await page.goto('/evacuation/hazards');
    await page.getByRole('heading', { level: 1, name: '危険区域と優先度' }).waitFor();
    // A fictional flood area around the registrants of the first test (34.160–34.164 N, 131.200–131.204 E).
    const area = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'flood', name: '架空 浸水想定区域（デモ）' }, geometry: { type: 'Polygon', coordinates: [[[131.199, 34.159], [131.206, 34.159], [131.206, 34.166], [131.199, 34.166], [131.199, 34.159]]] } }] };
    await page.getByLabel('GeoJSONファイル').setInputFiles({ name: 'flood.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(area), 'utf8') });
    await page.getByRole('button', { name: '取り込んで調べる' }).click();
    await page.getByRole('status').filter({ hasText: '1件の区域を取り込みました。' }).waitFor();
    const table = page.getByTestId('worklist');
    await table.getByRole('row').filter({ hasText: rc.names[0]! }).filter({ hasText: '浸水想定区域' }).waitFor();
    await expectAccessible(page, 'hazards 1280');
    await page.setViewportSize({ width: 360, height: 900 });
    await expectAccessible(page, 'hazards 360');
    await expectNoHorizontalScroll(page, 'hazards 360');
    expect(staff.problems).toEqual([]);
  }, SLOW);
});
