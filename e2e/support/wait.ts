import type { Locator, Page } from 'playwright-core';

/** Waits until some element of `locator` contains `text` (no timed assertions: wait for the element). */
export async function waitForText(locator: Locator, text: string | RegExp): Promise<Locator> {
  const match = locator.filter({ hasText: text }).first();
  await match.waitFor();
  return match;
}

/** Waits until <html lang> is `lang`. */
export async function waitForLang(page: Page, lang: string): Promise<void> {
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
}

/** The id of the element that has focus. */
export function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null);
}
