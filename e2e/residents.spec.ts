import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, type E2E, expectAccessible, expectNoHorizontalScroll, open, screenshot, useE2E } from './support/app';
import { waitForText } from './support/wait';

/** A phone held upright: the "one screen" a resident sees first. */
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
/** axe takes a few seconds a run on a small machine; some tests check several states at two widths. */
const SLOW = 240_000;

/** axe and no sideways scroll at both widths, with a screenshot of each. */
async function checkBothWidths(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await ready();
    await expectAccessible(page, `${name} at ${size.width}px`);
    await expectNoHorizontalScroll(page, `${name} at ${size.width}px`);
    await screenshot(page, `residents-${name}-${size.width}`);
  }
  await page.setViewportSize(DESKTOP);
}

/** Whether the element's box lies wholly inside the first screen (no scrolling needed to see it). */
async function onFirstScreen(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

/**
 * The residents' side of issue #10: the front door, the form that records the right people,
 * and the reading aids. A resident's browser never asks who is signed in.
 */
describe('residents: the front door, the form and the reading aids', () => {
  let e2e: E2E;
  let b: Browser;
  const asked: string[] = [];
  const unauthorised: string[] = [];
  useE2E((started, browser) => {
    e2e = started;
    b = browser;
    b.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/me') asked.push(r.url());
    });
    b.page.on('response', (r) => {
      if (r.status() === 401) unauthorised.push(r.url());
    });
  });

  it('on a phone and a desktop, / shows 相談する, a callable 電話する with the city window, 相談窓口をさがす and a staff sign-in on the first screen', async () => {
    const page = b.page;
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await open(page, '/', '困りごとを相談する');
      await page.getByTestId('front-call').waitFor();
      for (const id of ['front-consult', 'front-call', 'front-find', 'front-staff']) expect(await onFirstScreen(page, id), `${id} at ${size.width}px`).toBe(true);
      const call = page.getByTestId('front-call');
      // The plan's city window is the hub; it has no number of its own, and 地域福祉課 answers for it.
      expect(await call.getAttribute('href')).toBe('tel:0837525227');
      await waitForText(call, '美祢市 地域福祉課');
      expect(await call.getAttribute('aria-label')).toBe('電話する 0837-52-5227（美祢市 地域福祉課）');
      expect(await page.getByTestId('front-staff').getAttribute('href')).toBe('/login');
    }
    await checkBothWidths(page, 'front-door', () => page.getByTestId('front-call').waitFor());
  }, SLOW);

  it('one tap from / reaches the form', async () => {
    const page = b.page;
    await page.setViewportSize(PHONE);
    await open(page, '/', '困りごとを相談する');
    await page.getByTestId('front-consult').click();
    await page.getByRole('heading', { level: 1, name: '相談する' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/soudan');
    await page.setViewportSize(DESKTOP);
  });

  it('every public page leads to the form', async () => {
    const page = b.page;
    for (const [path, heading] of [['/directory', '相談窓口・サービスをさがす'], ['/login', 'ログイン'], ['/soudan', '相談する']] as const) {
      await open(page, path, heading);
      expect(await page.getByTestId('header-consult').getAttribute('href'), path).toBe('/soudan');
    }
  });

  it('a daughter writes about her mother: she is recorded as who brought it (家族) and her mother as the subject; a phone typed with IME dashes is kept one way', async () => {
    const page = b.page;
    await open(page, '/soudan', '相談する');
    const form = page.getByRole('form', { name: '相談の内容を送る' });
    await form.getByLabel('相談したいこと').fill('母が最近ひとりで買い物に行けなくなり、食事も心配です。');
    await form.getByLabel('自分ではなく、家族や近所の人などについての相談です').check();
    const them = page.getByTestId('about-them');
    await them.getByLabel('家族・親族').check();
    await them.getByLabel('その方のお名前（わかれば）').fill('美祢 ハナ');
    await form.getByLabel('お住まいの町名').selectOption('大嶺町');
    await form.getByLabel('お名前', { exact: true }).fill('美祢 花子');
    await form.getByLabel('ふりがな', { exact: true }).fill('みね はなこ');
    await form.getByLabel('電話番号').fill('０９０ー１２３４―５６７８');
    await checkBothWidths(page, 'form-about-someone-else', () => them.waitFor());
    await form.getByRole('button', { name: '送信する' }).click();
    const receipt = ((await page.getByTestId('receipt-number').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^\d{4}-\d{5}$/);
    await waitForText(page.getByTestId('next-steps'), '担当者から、通常3開庁日以内にご連絡します');

    const district = await e2e.tenant.login('district-omine');
    const found = (await district.get(`/api/consultations?view=unit&q=${receipt}`)).json().items[0];
    const c = (await district.get(`/api/consultations/${found.id}`)).json();
    expect(c).toMatchObject({ source: 'family', sourceNote: '美祢 花子（みね はなこ）', subjectLabel: '美祢 ハナ', thirdPartyConcern: true, contactDetail: '電話: 090-1234-5678', consent: 'not_asked' });
  }, SLOW);

  it('やさしい日本語 says the form plainly, 必須 and the messages of a failed check too, and the receipt', async () => {
    const page = b.page;
    await open(page, '/soudan', '相談する');
    const easy = page.getByTestId('easy-switch');
    await easy.click();
    expect(await easy.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { level: 1, name: 'そうだんする' }).waitFor();
    const form = page.getByRole('form', { name: 'そうだんを おくる' });
    await waitForText(form, 'かならず かく');
    await form.getByRole('button', { name: 'おくる' }).click();
    const summary = await waitForText(page.getByTestId('error-summary'), 'こまっていること：かいてください。');
    await waitForText(summary, 'かいた ことを たしかめてください');
    await form.getByLabel('でんわばんごう').fill('でんわください');
    await form.getByLabel('こまっていること').fill('おかねが なくて こまっています');
    await form.getByRole('button', { name: 'おくる' }).click();
    await waitForText(page.getByTestId('error-summary'), 'でんわばんごう：かきかたが ちがいます。');
    await checkBothWidths(page, 'form-easy-error', () => page.getByTestId('error-summary').waitFor());
    await form.getByLabel('でんわばんごう').fill('0837ー52ー0000');
    await form.getByRole('button', { name: 'おくる' }).click();
    await page.getByTestId('receipt-number').waitFor();
    await waitForText(page.getByTestId('next-steps'), 'たんとうの 人から');
    // Switched back, the same receipt speaks ordinary Japanese.
    await easy.click();
    await waitForText(page.getByTestId('next-steps'), '担当者から、通常3開庁日以内にご連絡します');
  }, SLOW);

  it('the front door in やさしい日本語 with ふりがな and larger text: readings over kanji only, nothing wider than the phone, remembered on the next page', async () => {
    const page = b.page;
    await page.setViewportSize(PHONE);
    await open(page, '/', '困りごとを相談する');
    await page.getByTestId('furigana-switch').click();
    await page.locator('h1 ruby rt').filter({ hasText: 'そうだん' }).waitFor();
    // 「困りごとを相談する」: 困 and 相談 have readings; the kana between and after them have none.
    expect(await page.locator('h1 ruby').allTextContents()).toEqual(['困（こま）', '相談（そうだん）']);
    await page.getByTestId('large-text-switch').click();
    await page.locator('html.large-text').waitFor({ state: 'attached' });
    await checkBothWidths(page, 'front-door-furigana-large', () => page.getByTestId('front-call').waitFor());
    // Every ruby run stays on one line, so a wrap never parts kanji from their reading.
    const wrapped = await page.locator('main ruby').evaluateAll((rs) => rs.filter((r) => r.getClientRects().length > 1).map((r) => r.textContent));
    expect(wrapped).toEqual([]);
    await page.getByTestId('easy-switch').click();
    await page.getByRole('heading', { level: 1, name: /こまった/ }).waitFor();
    await checkBothWidths(page, 'front-door-easy', () => page.getByTestId('front-call').waitFor());

    await page.getByTestId('front-find').click();
    await page.getByRole('heading', { level: 1, name: '相談窓口・サービスをさがす' }).waitFor();
    expect(await page.locator('html').getAttribute('class')).toContain('large-text');
    expect(await page.getByTestId('large-text-switch').getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await page.locator('html.large-text').waitFor({ state: 'attached' });
    // A page that offers no larger text (sign-in) shows the normal size.
    await open(page, '/login', 'ログイン');
    expect(await page.locator('html').getAttribute('class') ?? '').not.toContain('large-text');
    for (const id of ['large-text-switch', 'furigana-switch', 'easy-switch']) {
      await open(page, '/', /こまった/);
      await page.getByTestId(id).click();
    }
    await page.setViewportSize(DESKTOP);
  }, SLOW);

  it('asked nobody who is signed in, and got no 401, on any of these pages', () => {
    expect(asked).toEqual([]);
    expect(unauthorised).toEqual([]);
  });

  it('had no script error or Content-Security-Policy refusal', () => {
    expect(b.problems).toEqual([]);
  });
});
