import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { daysInMonth, isLeapYear, isValidCivilDate, parseIsoDate, requireIsoDate, toIsoDate } from './iso-date';

describe('isLeapYear / daysInMonth', () => {
  it.each([
    [2024, true], [2023, false], [2000, true], [1900, false], [2100, false], [1600, true], [1988, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });

  it('gives 30/31-day months', () => {
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });

  it('agrees with the built-in Gregorian calendar (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        // Day 0 of the next month is the last day of this one.
        const last = new Date(Date.UTC(2000, month, 0));
        last.setUTCFullYear(year, month, 0);
        expect(daysInMonth(year, month)).toBe(last.getUTCDate());
      }),
    );
  });
});

describe('isValidCivilDate / parseIsoDate', () => {
  it('accepts real days', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 });
    expect(isValidCivilDate(9999, 12, 31)).toBe(true);
  });

  it.each(['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '0000-01-01',
    '2024-4-1', '24-04-01', '2024/04/01', '2024-04-01T00:00', ' 2024-04-01', '', '２０２４-04-01'])(
    'rejects %j',
    (s) => {
      expect(parseIsoDate(s)).toBeNull();
      expect(() => requireIsoDate(s)).toThrow(RangeError);
    },
  );

  it('rejects non-integers', () => {
    expect(isValidCivilDate(2024, 1.5, 1)).toBe(false);
    expect(isValidCivilDate(Number.NaN, 1, 1)).toBe(false);
  });

  it('round-trips toIsoDate → parseIsoDate (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const parts = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
        const iso = toIsoDate(parts.year, parts.month, parts.day);
        expect(iso).toBe(d.toISOString().slice(0, 10));
        expect(parseIsoDate(iso)).toEqual(parts);
      }),
    );
  });
});
