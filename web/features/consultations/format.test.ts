import { describe, expect, it } from 'vitest';
import { fiscalYearLabel, isTier, monthLabel, receivedOn } from './format';

describe('consultation display formats', () => {
  it('names the fiscal year in 和暦, or FY in English', () => {
    expect(fiscalYearLabel(2026, 'ja')).toBe('令和8年度');
    expect(fiscalYearLabel(2019, 'ja')).toBe('令和元年度');
    expect(fiscalYearLabel(2026, 'en')).toBe('FY2026');
  });

  it('names months', () => {
    expect(monthLabel('2026-04', 'ja')).toBe('4月');
    expect(monthLabel('2027-03', 'en')).toBe('Mar');
    expect(monthLabel('bad', 'ja')).toBe('bad');
  });

  it('shows the receipt date as the Japanese civil date', () => {
    expect(receivedOn('2026-11-26T15:30:00Z', 'ja')).toBe('令和8年11月27日');
    expect(receivedOn('2026-11-26T15:30:00Z', 'en')).toBe('2026-11-27');
  });

  it('knows the tiers', () => {
    expect(isTier('district')).toBe(true);
    expect(isTier('galaxy')).toBe(false);
  });
});
