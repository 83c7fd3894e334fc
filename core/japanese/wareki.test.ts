import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toIsoDate } from './iso-date';
import { ERAS, ageOn, eraOn, fiscalYear, fiscalYearRange, formatFiscalYear, formatWareki, parseWareki } from './wareki';

const DAY = 86_400_000;
// Civil dates from the first day of 明治 to 2100, as ISO strings.
const isoBetween = (from: string, to: string) =>
  fc.integer({ min: Date.parse(from) / DAY, max: Date.parse(to) / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
const warekiDate = isoBetween('1868-10-23', '2100-12-31');

describe('ERAS', () => {
  it('lists the five modern eras in order, each ending the day before or the day the next starts', () => {
    expect(ERAS.map((e) => `${e.name}${e.letter}${e.start}`)).toEqual([
      '明治M1868-10-23', '大正T1912-07-30', '昭和S1926-12-25', '平成H1989-01-08', '令和R2019-05-01',
    ]);
    for (let i = 1; i < ERAS.length; i += 1) {
      const end = Date.parse(ERAS[i - 1]?.end ?? '');
      const nextStart = Date.parse(ERAS[i]?.start ?? '');
      expect([0, DAY]).toContain(nextStart - end);
    }
    expect(ERAS.at(-1)?.end).toBeNull();
  });
});

describe('formatWareki', () => {
  it.each([
    ['2024-04-01', '令和6年4月1日', 'R6.4.1'],
    ['2019-05-01', '令和元年5月1日', 'R1.5.1'],
    ['2019-04-30', '平成31年4月30日', 'H31.4.30'],
    ['1989-01-08', '平成元年1月8日', 'H1.1.8'],
    ['1989-01-07', '昭和64年1月7日', 'S64.1.7'],
    ['1926-12-25', '昭和元年12月25日', 'S1.12.25'],
    ['1926-12-24', '大正15年12月24日', 'T15.12.24'],
    ['1912-07-30', '大正元年7月30日', 'T1.7.30'],
    ['1912-07-29', '明治45年7月29日', 'M45.7.29'],
    ['1868-10-23', '明治元年10月23日', 'M1.10.23'],
    ['2000-02-29', '平成12年2月29日', 'H12.2.29'],
  ])('%s → %s / %s', (iso, long, short) => {
    expect(formatWareki(iso)).toBe(long);
    expect(formatWareki(iso, { style: 'long' })).toBe(long);
    expect(formatWareki(iso, { style: 'short' })).toBe(short);
  });

  it('throws for dates before 明治 and for malformed input', () => {
    expect(() => formatWareki('1868-10-22')).toThrow(RangeError);
    expect(() => formatWareki('2024-02-30')).toThrow(RangeError);
    expect(() => formatWareki('2024/04/01')).toThrow(RangeError);
  });

  it('eraOn picks the new era on a shared changeover day', () => {
    expect(eraOn('1912-07-30')?.name).toBe('大正');
    expect(eraOn('1926-12-25')?.name).toBe('昭和');
    expect(eraOn('1868-10-22')).toBeNull();
  });
});

describe('parseWareki', () => {
  it.each([
    ['令和6年4月1日', '2024-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['R6.4.1', '2024-04-01'],
    ['r6/4/1', '2024-04-01'],
    ['R06-04-01', '2024-04-01'],
    ['R元.5.1', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['S64.1.7', '1989-01-07'],
    ['s64.1.7', '1989-01-07'],
    ['T15.12.25', '1926-12-25'], // 大正 lasted into the morning of its last day
    ['昭和元年12月25日', '1926-12-25'],
    ['明治45年7月30日', '1912-07-30'],
    ['M1.10.23', '1868-10-23'],
    ['令和６年４月１日', '2024-04-01'],
    ['Ｒ６．４．１', '2024-04-01'],
    ['㋿6年4月1日', '2024-04-01'],
    ['㍻31年4月30日', '2019-04-30'],
    [' 令和 6年 4月 1日 ', '2024-04-01'],
    ['令和6.4.1', '2024-04-01'],
    ['R6年4月1日', '2024-04-01'],
    ['令和6年4月1', '2024-04-01'],
    ['2024-04-01', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['2024.4.1', '2024-04-01'],
    ['2024年4月1日', '2024-04-01'],
    ['20240401', '2024-04-01'],
    ['２０２４／４／１', '2024-04-01'],
    ['平成12年2月29日', '2000-02-29'],
    ['2024-02-29', '2024-02-29'],
  ])('%j → %s', (input, iso) => {
    expect(parseWareki(input)).toEqual({ ok: true, iso });
  });

  it.each([
    '平成32年1月1日', // 平成 ended in 31
    '平成31年5月1日', // that day is 令和元年
    '昭和64年1月8日',
    '令和元年4月30日', // before 令和 began
    '令和0年5月1日',
    'H0.1.1',
    '明治元年10月22日',
    '明治46年1月1日',
    '大正16年1月1日',
  ])('%j is outside its era', (input) => {
    expect(parseWareki(input)).toEqual({ ok: false, reason: 'era_range' });
  });

  it.each([
    '令和6年2月30日',
    '令和5年2月29日', // 2023 is not a leap year
    '平成31年2月29日',
    '令和6年13月1日',
    '令和6年4月31日',
    '平成32年2月30日', // wrong as a date before it is wrong as an era
    '2023-02-29',
    '1900/2/29',
    '2024-00-01',
    '0000-01-01',
  ])('%j is not a real day', (input) => {
    expect(parseWareki(input)).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it.each(['', 'hello', '令和', '令和6年', '令和6年4月', 'X6.4.1', 'R6.4/1', '令和六年四月一日', '24-04-01', 'R100.1.1', '2024-4'])(
    '%j is not a date format',
    (input) => {
      expect(parseWareki(input)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('round-trips formatWareki in both styles (property)', () => {
    fc.assert(
      fc.property(warekiDate, fc.constantFrom('long' as const, 'short' as const), (iso, style) => {
        expect(parseWareki(formatWareki(iso, { style }))).toEqual({ ok: true, iso });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fiscal years', () => {
  it.each([
    ['2025-03-31', 2024], ['2025-04-01', 2025], ['2024-01-01', 2023], ['2024-12-31', 2024], ['2019-04-30', 2019],
  ])('fiscalYear(%s) = %i', (iso, fy) => {
    expect(fiscalYear(iso)).toBe(fy);
  });

  it('gives the inclusive April–March range', () => {
    expect(fiscalYearRange(2024)).toEqual({ start: '2024-04-01', end: '2025-03-31' });
    expect(() => fiscalYearRange(2024.5)).toThrow(RangeError);
  });

  it.each([
    [2024, '令和6年度'], [2020, '令和2年度'], [2019, '令和元年度'], [2018, '平成30年度'], [1989, '平成元年度'],
    [1988, '昭和63年度'], [1927, '昭和2年度'], [1926, '大正15年度'], [1912, '大正元年度'], [1911, '明治44年度'],
  ])('formatFiscalYear(%i) = %s', (fy, label) => {
    expect(formatFiscalYear(fy)).toBe(label);
  });

  it('rejects fiscal years with no era or that are not integers', () => {
    expect(() => formatFiscalYear(1868)).toThrow(RangeError);
    expect(() => formatFiscalYear(Number.NaN)).toThrow(RangeError);
  });

  it('every date lies in the range of its own fiscal year (property)', () => {
    fc.assert(
      fc.property(isoBetween('1900-01-01', '2200-12-31'), (iso) => {
        const { start, end } = fiscalYearRange(fiscalYear(iso));
        expect(start <= iso && iso <= end).toBe(true);
        expect(fiscalYear(start)).toBe(fiscalYear(end));
      }),
    );
  });
});

describe('ageOn', () => {
  it.each([
    ['1950-04-02', '2025-04-01', 74],
    ['1950-04-02', '2025-04-02', 75],
    ['2000-01-01', '2000-01-01', 0],
    ['2000-12-31', '2001-12-30', 0],
    ['2000-12-31', '2001-12-31', 1],
    ['2000-02-29', '2001-02-28', 0], // common year: not yet…
    ['2000-02-29', '2001-03-01', 1], // …older from 3/1
    ['2000-02-29', '2004-02-29', 4],
    ['1940-06-15', '2025-06-14', 84],
  ])('born %s, on %s → %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it('throws for dates before birth or malformed dates', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-02-30', '2001-01-01')).toThrow(RangeError);
  });

  it('is 0 at birth, never decreases, and rises by one on each birthday (property)', () => {
    fc.assert(
      fc.property(isoBetween('1900-01-01', '2100-12-31'), fc.integer({ min: 0, max: 120 }), (birth, years) => {
        expect(ageOn(birth, birth)).toBe(0);
        const y = Number(birth.slice(0, 4)) + years;
        const md = birth.slice(5);
        // The birthday in year y (3/1 for a 2/29 birth in a common year).
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const birthday = md === '02-29' && !leap ? toIsoDate(y, 3, 1) : `${String(y).padStart(4, '0')}-${md}`;
        const dayBefore = new Date(Date.parse(birthday) - DAY).toISOString().slice(0, 10);
        expect(ageOn(birth, birthday)).toBe(years);
        if (years > 0) expect(ageOn(birth, dayBefore)).toBe(years - 1);
      }),
    );
  });
});
