import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, japanParts } from './datetime';

describe('Japan time and 和暦 for the web', () => {
  it('shows an instant in Japan time with the 和暦 date', () => {
    expect(formatDateTime('2026-11-27T05:05:00.000Z', 'ja')).toBe('令和8年11月27日 14:05');
    expect(formatDateTime('2026-11-27T05:05:00.000Z', 'en')).toBe('2026-11-27 14:05 JST');
  });

  it('crosses midnight into the next Japanese day', () => {
    expect(japanParts('2026-12-31T15:30:00Z')).toEqual({ date: '2027-01-01', time: '00:30' });
    expect(formatDateTime('2019-04-30T15:00:00Z', 'ja')).toBe('令和元年5月1日 00:00');
  });

  it('formats civil dates and leaves what it cannot read as it is', () => {
    expect(formatDate('2028-11-30', 'ja')).toBe('令和10年11月30日');
    expect(formatDate('2028-11-30', 'en')).toBe('2028-11-30');
    expect(formatDate('not a date', 'ja')).toBe('not a date');
    expect(formatDateTime('garbage', 'ja')).toBe('garbage');
  });
});
