import type { Locale } from '../../../core/errors';
import { formatFiscalYear } from '../../../core/japanese';
import { formatDate, japanParts } from '../../lib/datetime';

/** 令和8年度 in Japanese, FY2026 in English. */
export function fiscalYearLabel(fy: number, locale: Locale): string {
  if (locale === 'en') return `FY${fy}`;
  try {
    return formatFiscalYear(fy);
  } catch {
    return `${fy}年度`;
  }
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The month of a 'YYYY-MM' key: 4月 / Apr. */
export function monthLabel(month: string, locale: Locale): string {
  const m = Number(month.slice(5, 7));
  if (!(m >= 1 && m <= 12)) return month;
  return locale === 'en' ? (MONTHS_EN[m - 1] as string) : `${m}月`;
}

/** The receipt date of a consultation in Japan: 令和8年11月27日 (2026-11-27 in English). */
export function receivedOn(createdAt: string, locale: Locale): string {
  const p = japanParts(createdAt);
  return p ? formatDate(p.date, locale) : createdAt;
}

/** The tiers the dictionary names (owningTier travels as a plain string). */
export function isTier(s: string): s is 'city' | 'area' | 'district' | 'neighbourhood' {
  return s === 'city' || s === 'area' || s === 'district' || s === 'neighbourhood';
}
