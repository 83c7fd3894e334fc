import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  JST_OFFSET_MS,
  OFFICE_CLOSES_JST,
  OFFICE_OPENS_JST,
  SUPPORTED_HOLIDAY_YEARS,
  addWorkingDays,
  isJapaneseHoliday,
  isWorkingDay,
  japaneseHolidayName,
  japaneseHolidaysInYear,
  workingDayDeadline,
} from './holidays';

const DAY = 86_400_000;
const isoBetween = (from: string, to: string) =>
  fc.integer({ min: Date.parse(from) / DAY, max: Date.parse(to) / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
const supportedDate = isoBetween('1980-01-01', '2099-12-31');
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const listOf = (year: number) => japaneseHolidaysInYear(year).map((h) => `${h.date.slice(5)} ${h.name}`);
const jst = (local: string) => Date.parse(`${local}+09:00`);

describe('japaneseHolidaysInYear: the 内閣府「国民の祝日について」 lists', () => {
  it('2024', () => {
    expect(listOf(2024)).toEqual([
      '01-01 元日', '01-08 成人の日', '02-11 建国記念の日', '02-12 振替休日', '02-23 天皇誕生日', '03-20 春分の日',
      '04-29 昭和の日', '05-03 憲法記念日', '05-04 みどりの日', '05-05 こどもの日', '05-06 振替休日', '07-15 海の日',
      '08-11 山の日', '08-12 振替休日', '09-16 敬老の日', '09-22 秋分の日', '09-23 振替休日', '10-14 スポーツの日',
      '11-03 文化の日', '11-04 振替休日', '11-23 勤労感謝の日',
    ]);
  });

  it('2025', () => {
    expect(listOf(2025)).toEqual([
      '01-01 元日', '01-13 成人の日', '02-11 建国記念の日', '02-23 天皇誕生日', '02-24 振替休日', '03-20 春分の日',
      '04-29 昭和の日', '05-03 憲法記念日', '05-04 みどりの日', '05-05 こどもの日', '05-06 振替休日', '07-21 海の日',
      '08-11 山の日', '09-15 敬老の日', '09-23 秋分の日', '10-13 スポーツの日', '11-03 文化の日', '11-23 勤労感謝の日',
      '11-24 振替休日',
    ]);
  });

  it('2026: the 16 祝日 plus 5/6 振替休日 and 9/22 国民の休日', () => {
    expect(listOf(2026)).toEqual([
      '01-01 元日', '01-12 成人の日', '02-11 建国記念の日', '02-23 天皇誕生日', '03-20 春分の日', '04-29 昭和の日',
      '05-03 憲法記念日', '05-04 みどりの日', '05-05 こどもの日', '05-06 振替休日', '07-20 海の日', '08-11 山の日',
      '09-21 敬老の日', '09-22 国民の休日', '09-23 秋分の日', '10-12 スポーツの日', '11-03 文化の日', '11-23 勤労感謝の日',
    ]);
    expect(japaneseHolidaysInYear(2026).filter((h) => h.name !== '振替休日' && h.name !== '国民の休日')).toHaveLength(16);
  });

  // Dates (month/day) of every 祝日 and 休日 in 内閣府's syukujitsu.csv, 1980–2027.
  const CABINET_OFFICE_CSV: Record<number, string> = {
    1980: '1/1 1/15 2/11 3/20 4/29 5/3 5/5 9/15 9/23 10/10 11/3 11/23 11/24',
    1981: '1/1 1/15 2/11 3/21 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23',
    1982: '1/1 1/15 2/11 3/21 3/22 4/29 5/3 5/5 9/15 9/23 10/10 10/11 11/3 11/23',
    1983: '1/1 1/15 2/11 3/21 4/29 5/3 5/5 9/15 9/23 10/10 11/3 11/23',
    1984: '1/1 1/2 1/15 1/16 2/11 3/20 4/29 4/30 5/3 5/5 9/15 9/23 9/24 10/10 11/3 11/23',
    1985: '1/1 1/15 2/11 3/21 4/29 5/3 5/5 5/6 9/15 9/16 9/23 10/10 11/3 11/4 11/23',
    1986: '1/1 1/15 2/11 3/21 4/29 5/3 5/5 9/15 9/23 10/10 11/3 11/23 11/24',
    1987: '1/1 1/15 2/11 3/21 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23',
    1988: '1/1 1/15 2/11 3/20 3/21 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23',
    1989: '1/1 1/2 1/15 1/16 2/11 2/24 3/21 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23 12/23',
    1990: '1/1 1/15 2/11 2/12 3/21 4/29 4/30 5/3 5/4 5/5 9/15 9/23 9/24 10/10 11/3 11/12 11/23 12/23 12/24',
    1991: '1/1 1/15 2/11 3/21 4/29 5/3 5/4 5/5 5/6 9/15 9/16 9/23 10/10 11/3 11/4 11/23 12/23',
    1992: '1/1 1/15 2/11 3/20 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23 12/23',
    1993: '1/1 1/15 2/11 3/20 4/29 5/3 5/4 5/5 6/9 9/15 9/23 10/10 10/11 11/3 11/23 12/23',
    1994: '1/1 1/15 2/11 3/21 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23 12/23',
    1995: '1/1 1/2 1/15 1/16 2/11 3/21 4/29 5/3 5/4 5/5 9/15 9/23 10/10 11/3 11/23 12/23',
    1996: '1/1 1/15 2/11 2/12 3/20 4/29 5/3 5/4 5/5 5/6 7/20 9/15 9/16 9/23 10/10 11/3 11/4 11/23 12/23',
    1997: '1/1 1/15 2/11 3/20 4/29 5/3 5/5 7/20 7/21 9/15 9/23 10/10 11/3 11/23 11/24 12/23',
    1998: '1/1 1/15 2/11 3/21 4/29 5/3 5/4 5/5 7/20 9/15 9/23 10/10 11/3 11/23 12/23',
    1999: '1/1 1/15 2/11 3/21 3/22 4/29 5/3 5/4 5/5 7/20 9/15 9/23 10/10 10/11 11/3 11/23 12/23',
    2000: '1/1 1/10 2/11 3/20 4/29 5/3 5/4 5/5 7/20 9/15 9/23 10/9 11/3 11/23 12/23',
    2001: '1/1 1/8 2/11 2/12 3/20 4/29 4/30 5/3 5/4 5/5 7/20 9/15 9/23 9/24 10/8 11/3 11/23 12/23 12/24',
    2002: '1/1 1/14 2/11 3/21 4/29 5/3 5/4 5/5 5/6 7/20 9/15 9/16 9/23 10/14 11/3 11/4 11/23 12/23',
    2003: '1/1 1/13 2/11 3/21 4/29 5/3 5/5 7/21 9/15 9/23 10/13 11/3 11/23 11/24 12/23',
    2004: '1/1 1/12 2/11 3/20 4/29 5/3 5/4 5/5 7/19 9/20 9/23 10/11 11/3 11/23 12/23',
    2005: '1/1 1/10 2/11 3/20 3/21 4/29 5/3 5/4 5/5 7/18 9/19 9/23 10/10 11/3 11/23 12/23',
    2006: '1/1 1/2 1/9 2/11 3/21 4/29 5/3 5/4 5/5 7/17 9/18 9/23 10/9 11/3 11/23 12/23',
    2007: '1/1 1/8 2/11 2/12 3/21 4/29 4/30 5/3 5/4 5/5 7/16 9/17 9/23 9/24 10/8 11/3 11/23 12/23 12/24',
    2008: '1/1 1/14 2/11 3/20 4/29 5/3 5/4 5/5 5/6 7/21 9/15 9/23 10/13 11/3 11/23 11/24 12/23',
    2009: '1/1 1/12 2/11 3/20 4/29 5/3 5/4 5/5 5/6 7/20 9/21 9/22 9/23 10/12 11/3 11/23 12/23',
    2010: '1/1 1/11 2/11 3/21 3/22 4/29 5/3 5/4 5/5 7/19 9/20 9/23 10/11 11/3 11/23 12/23',
    2011: '1/1 1/10 2/11 3/21 4/29 5/3 5/4 5/5 7/18 9/19 9/23 10/10 11/3 11/23 12/23',
    2012: '1/1 1/2 1/9 2/11 3/20 4/29 4/30 5/3 5/4 5/5 7/16 9/17 9/22 10/8 11/3 11/23 12/23 12/24',
    2013: '1/1 1/14 2/11 3/20 4/29 5/3 5/4 5/5 5/6 7/15 9/16 9/23 10/14 11/3 11/4 11/23 12/23',
    2014: '1/1 1/13 2/11 3/21 4/29 5/3 5/4 5/5 5/6 7/21 9/15 9/23 10/13 11/3 11/23 11/24 12/23',
    2015: '1/1 1/12 2/11 3/21 4/29 5/3 5/4 5/5 5/6 7/20 9/21 9/22 9/23 10/12 11/3 11/23 12/23',
    2016: '1/1 1/11 2/11 3/20 3/21 4/29 5/3 5/4 5/5 7/18 8/11 9/19 9/22 10/10 11/3 11/23 12/23',
    2017: '1/1 1/2 1/9 2/11 3/20 4/29 5/3 5/4 5/5 7/17 8/11 9/18 9/23 10/9 11/3 11/23 12/23',
    2018: '1/1 1/8 2/11 2/12 3/21 4/29 4/30 5/3 5/4 5/5 7/16 8/11 9/17 9/23 9/24 10/8 11/3 11/23 12/23 12/24',
    2019: '1/1 1/14 2/11 3/21 4/29 4/30 5/1 5/2 5/3 5/4 5/5 5/6 7/15 8/11 8/12 9/16 9/23 10/14 10/22 11/3 11/4 11/23',
    2020: '1/1 1/13 2/11 2/23 2/24 3/20 4/29 5/3 5/4 5/5 5/6 7/23 7/24 8/10 9/21 9/22 11/3 11/23',
    2021: '1/1 1/11 2/11 2/23 3/20 4/29 5/3 5/4 5/5 7/22 7/23 8/8 8/9 9/20 9/23 11/3 11/23',
    2022: '1/1 1/10 2/11 2/23 3/21 4/29 5/3 5/4 5/5 7/18 8/11 9/19 9/23 10/10 11/3 11/23',
    2023: '1/1 1/2 1/9 2/11 2/23 3/21 4/29 5/3 5/4 5/5 7/17 8/11 9/18 9/23 10/9 11/3 11/23',
    2024: '1/1 1/8 2/11 2/12 2/23 3/20 4/29 5/3 5/4 5/5 5/6 7/15 8/11 8/12 9/16 9/22 9/23 10/14 11/3 11/4 11/23',
    2025: '1/1 1/13 2/11 2/23 2/24 3/20 4/29 5/3 5/4 5/5 5/6 7/21 8/11 9/15 9/23 10/13 11/3 11/23 11/24',
    2026: '1/1 1/12 2/11 2/23 3/20 4/29 5/3 5/4 5/5 5/6 7/20 8/11 9/21 9/22 9/23 10/12 11/3 11/23',
    2027: '1/1 1/11 2/11 2/23 3/21 3/22 4/29 5/3 5/4 5/5 7/19 8/11 9/20 9/23 10/11 11/3 11/23',
  };

  it.each(Object.entries(CABINET_OFFICE_CSV))('%s matches the 内閣府 CSV date for date', (year, dates) => {
    const computed = japaneseHolidaysInYear(Number(year)).map((h) => `${Number(h.date.slice(5, 7))}/${Number(h.date.slice(8))}`);
    expect(computed.join(' ')).toBe(dates);
  });
});

describe('japaneseHolidayName: 2019–2021', () => {
  it('2019: 改元 gives a ten-day Golden Week, 即位礼正殿の儀, and no 天皇誕生日', () => {
    expect(listOf(2019).slice(4, 12)).toEqual([
      '04-29 昭和の日', '04-30 国民の休日', '05-01 即位の日', '05-02 国民の休日', '05-03 憲法記念日',
      '05-04 みどりの日', '05-05 こどもの日', '05-06 振替休日',
    ]);
    expect(japaneseHolidayName('2019-10-22')).toBe('即位礼正殿の儀');
    expect(japaneseHolidayName('2019-10-14')).toBe('体育の日');
    expect(japaneseHolidayName('2019-12-23')).toBeNull();
    expect(japaneseHolidayName('2019-02-23')).toBeNull();
  });

  it('2020: Olympic moves of 海の日, スポーツの日 and 山の日; no October holiday', () => {
    expect(listOf(2020).filter((h) => h >= '07' && h < '11')).toEqual([
      '07-23 海の日', '07-24 スポーツの日', '08-10 山の日', '09-21 敬老の日', '09-22 秋分の日',
    ]);
    expect(japaneseHolidayName('2020-07-20')).toBeNull();
    expect(japaneseHolidayName('2020-08-11')).toBeNull();
    expect(japaneseHolidayName('2020-10-12')).toBeNull();
  });

  it('2021: 海の日 7/22, スポーツの日 7/23, 山の日 on Sunday 8/8 with 振替休日 8/9', () => {
    expect(listOf(2021).filter((h) => h >= '07' && h < '11')).toEqual([
      '07-22 海の日', '07-23 スポーツの日', '08-08 山の日', '08-09 振替休日', '09-20 敬老の日', '09-23 秋分の日',
    ]);
    expect(japaneseHolidayName('2021-07-19')).toBeNull();
    expect(japaneseHolidayName('2021-08-11')).toBeNull();
    expect(japaneseHolidayName('2021-10-11')).toBeNull();
  });
});

describe('japaneseHolidayName: rule history', () => {
  it.each([
    ['1988-04-29', '天皇誕生日'], ['1989-04-29', 'みどりの日'], ['2006-04-29', 'みどりの日'], ['2007-04-29', '昭和の日'],
    ['1988-12-23', null], ['1989-12-23', '天皇誕生日'], ['2018-12-23', '天皇誕生日'], ['2020-02-23', '天皇誕生日'],
    ['1999-01-15', '成人の日'], ['2000-01-15', null], ['2000-01-10', '成人の日'],
    ['1995-07-20', null], ['1996-07-20', '海の日'], ['2002-07-20', '海の日'], ['2003-07-21', '海の日'], ['2003-07-20', null],
    ['2002-09-15', '敬老の日'], ['2004-09-15', null], ['2004-09-20', '敬老の日'],
    ['1999-10-10', '体育の日'], ['2000-10-10', null], ['2000-10-09', '体育の日'], ['2022-10-10', 'スポーツの日'],
    ['2015-08-11', null], ['2016-08-11', '山の日'],
    ['2006-05-04', '国民の休日'], ['2007-05-04', 'みどりの日'],
    ['1989-02-24', '大喪の礼'], ['1990-11-12', '即位礼正殿の儀'], ['1993-06-09', '結婚の儀'],
    ['2026-06-15', null], ['2026-12-31', null],
  ])('%s → %s', (iso, name) => {
    expect(japaneseHolidayName(iso)).toBe(name);
    expect(isJapaneseHoliday(iso)).toBe(name !== null);
  });

  it('国民の休日: a day between two 祝日, from 1985-12-27; before 2007 not on a Sunday', () => {
    for (const iso of ['2009-09-22', '2015-09-22', '2026-09-22', '2032-09-21', '1988-05-04', '2019-04-30', '2019-05-02']) {
      expect(japaneseHolidayName(iso), iso).toBe('国民の休日');
    }
    // 2032: 敬老の日 9/20 and (by the formula) 秋分の日 9/22.
    expect(listOf(2032).filter((h) => h.startsWith('09'))).toEqual(['09-20 敬老の日', '09-21 国民の休日', '09-22 秋分の日']);
    expect(japaneseHolidayName('1986-05-04')).toBeNull(); // a Sunday between 憲法記念日 and こどもの日
    expect(japaneseHolidayName('1987-05-04')).toBe('振替休日'); // 5/3 was a Sunday; 振替 wins
  });

  it('振替休日: the next day before 2007, the next non-祝日 day from 2007', () => {
    expect(japaneseHolidayName('1997-07-21')).toBe('振替休日');
    expect(listOf(2008).filter((h) => h.startsWith('05'))).toEqual([
      '05-03 憲法記念日', '05-04 みどりの日', '05-05 こどもの日', '05-06 振替休日',
    ]);
    expect(listOf(2015).filter((h) => h.startsWith('05'))).toEqual([
      '05-03 憲法記念日', '05-04 みどりの日', '05-05 こどもの日', '05-06 振替休日',
    ]);
  });

  it('春分の日 and 秋分の日 follow the standard formula at the ends of its range', () => {
    expect(listOf(2099).filter((h) => h.includes('分の日'))).toEqual(['03-20 春分の日', '09-23 秋分の日']);
    expect(listOf(1980).filter((h) => h.includes('分の日'))).toEqual(['03-20 春分の日', '09-23 秋分の日']);
  });

  it('throws RangeError outside 1980–2099 and for malformed dates', () => {
    expect(SUPPORTED_HOLIDAY_YEARS).toEqual({ first: 1980, last: 2099 });
    for (const iso of ['1979-12-31', '2100-01-01', '2024-02-30', '2024/01/01', '']) {
      expect(() => japaneseHolidayName(iso), iso).toThrow(RangeError);
    }
    expect(() => japaneseHolidaysInYear(1979)).toThrow(RangeError);
    expect(() => japaneseHolidaysInYear(2100)).toThrow(RangeError);
    expect(() => japaneseHolidaysInYear(2024.5)).toThrow(RangeError);
    expect(japaneseHolidayName('1980-01-01')).toBe('元日');
    expect(japaneseHolidayName('2099-12-31')).toBeNull();
  });

  it('every year 1980–2099 is consistent: 振替休日 after a Sunday 祝日, 国民の休日 between two 祝日', () => {
    for (let year = SUPPORTED_HOLIDAY_YEARS.first; year <= SUPPORTED_HOLIDAY_YEARS.last; year += 1) {
      const list = japaneseHolidaysInYear(year);
      const names = new Map(list.map((h) => [h.date, h.name]));
      const isShukujitsu = (iso: string) => {
        const name = names.get(iso);
        return name !== undefined && name !== '振替休日' && name !== '国民の休日';
      };
      expect(list.map((h) => h.date)).toEqual([...names.keys()].sort());
      expect(list.length).toBeGreaterThanOrEqual(12);
      expect(list.length).toBeLessThanOrEqual(22);
      for (const { date, name } of list) {
        expect(date.startsWith(`${year}-`)).toBe(true);
        if (name === '振替休日') expect(weekday(date), date).toBeGreaterThanOrEqual(1);
        if (name === '国民の休日') {
          const prev = new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
          expect(isShukujitsu(prev) && isShukujitsu(nextDay(date)), date).toBe(true);
        }
        if (isShukujitsu(date) && weekday(date) === 0) {
          // Some later day in the run of holidays that follows is a 振替休日.
          let d = nextDay(date);
          while (isShukujitsu(d)) d = nextDay(d);
          if (year >= 2007) expect(names.get(d), date).toBe('振替休日');
        }
      }
    }
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-11-27', true], // Friday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
    ['2026-11-23', false], // Monday, 勤労感謝の日
    ['2026-09-22', false], // Tuesday, 国民の休日
    ['2026-05-06', false], // Wednesday, 振替休日
    ['2026-12-28', true], // Monday, 御用納め
    ['2026-12-29', false], ['2026-12-30', false], ['2026-12-31', false],
    ['2027-01-01', false], ['2027-01-02', false], ['2027-01-03', false],
    ['2027-01-04', true], // Monday, 御用始め
  ])('%s → %s', (iso, expected) => {
    expect(isWorkingDay(iso)).toBe(expected);
  });

  it('yearEndClosure: false opens 12/29–12/31 and 1/2–1/3 weekdays, but not 元日', () => {
    expect(isWorkingDay('2026-12-29', { yearEndClosure: false })).toBe(true);
    expect(isWorkingDay('2026-12-31', { yearEndClosure: false })).toBe(true);
    expect(isWorkingDay('2025-01-02', { yearEndClosure: false })).toBe(true);
    expect(isWorkingDay('2025-01-01', { yearEndClosure: false })).toBe(false);
    expect(isWorkingDay('2026-12-29', { yearEndClosure: true })).toBe(false);
  });

  it('throws outside the supported years, even on a weekend', () => {
    expect(() => isWorkingDay('2100-01-04')).toThrow(RangeError);
    expect(() => isWorkingDay('1979-12-29')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-11-27', 0, '2026-11-27'], // Friday, already a working day
    ['2026-11-28', 0, '2026-11-30'], // Saturday → Monday
    ['2026-11-27', 1, '2026-11-30'], // Friday + 1 → Monday
    ['2026-11-28', 1, '2026-11-30'], // Saturday + 1 → Monday
    ['2026-11-29', 2, '2026-12-01'],
    ['2026-11-20', 1, '2026-11-24'], // Friday + 1 skips the weekend and 勤労感謝の日
    ['2026-09-18', 1, '2026-09-24'], // Silver Week: 9/19–9/23
    ['2026-04-30', 1, '2026-05-01'], // Golden Week 2026: 5/2–5/6 closed
    ['2026-04-30', 2, '2026-05-07'],
    ['2026-05-03', 0, '2026-05-07'],
    ['2019-04-26', 1, '2019-05-07'], // the ten-day Golden Week of 改元
    ['2026-12-28', 1, '2027-01-04'], // 年末年始
    ['2025-12-26', 1, '2026-01-05'],
    ['2026-12-30', 0, '2027-01-04'],
    ['2026-11-02', 20, '2026-12-02'],
  ])('%s + %i → %s', (iso, n, expected) => {
    expect(addWorkingDays(iso, n)).toBe(expected);
  });

  it('honours yearEndClosure: false', () => {
    expect(addWorkingDays('2026-12-28', 1, { yearEndClosure: false })).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-31', 1, { yearEndClosure: false })).toBe('2027-01-04'); // 1/1 元日, then the weekend
  });

  it('rejects negative or fractional counts and dates it cannot reach', () => {
    expect(() => addWorkingDays('2026-11-27', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2099-12-28', 1)).toThrow(RangeError);
  });

  it('lands on a working day, after exactly n working days, and composes (property)', () => {
    fc.assert(
      fc.property(supportedDate.filter((d) => d < '2099-01-01'), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }),
        (iso, k, m) => {
          const end = addWorkingDays(iso, k);
          expect(isWorkingDay(end)).toBe(true);
          let count = 0;
          for (let d = nextDay(iso); d <= end; d = nextDay(d)) if (isWorkingDay(d)) count += 1;
          expect(count).toBe(k);
          expect(addWorkingDays(end, m)).toBe(addWorkingDays(iso, k + m));
          expect(addWorkingDays(iso, 0) >= iso).toBe(true);
        }),
    );
  });
});

describe('workingDayDeadline', () => {
  it('exports office hours 8:30–17:15 JST, UTC+9', () => {
    expect(OFFICE_OPENS_JST).toEqual({ hour: 8, minute: 30 });
    expect(OFFICE_CLOSES_JST).toEqual({ hour: 17, minute: 15 });
    expect(JST_OFFSET_MS).toBe(9 * 3_600_000);
  });

  it.each([
    ['Friday 10:00, n = 1 → Monday', '2026-11-27T10:00', 1, '2026-11-30T17:15'],
    ['Friday 23:59, n = 1 → Monday', '2026-11-27T23:59', 1, '2026-11-30T17:15'],
    ['Friday 00:30 JST (Thursday in UTC)', '2026-11-27T00:30', 1, '2026-11-30T17:15'],
    ['Saturday, n = 1 → Monday', '2026-11-28T09:00', 1, '2026-11-30T17:15'],
    ['Sunday, n = 2 → Tuesday', '2026-11-29T09:00', 2, '2026-12-01T17:15'],
    ['Friday, n = 0 → the same day', '2026-11-27T10:00', 0, '2026-11-27T17:15'],
    ['after hours, n = 0 → still the same day', '2026-11-27T18:00', 0, '2026-11-27T17:15'],
    ['Saturday, n = 0 → Monday', '2026-11-28T10:00', 0, '2026-11-30T17:15'],
    ['Friday before 勤労感謝の日', '2026-11-20T16:00', 1, '2026-11-24T17:15'],
    ['御用納め, n = 1 → 御用始め', '2026-12-28T16:00', 1, '2027-01-04T17:15'],
    ['year end, n = 5', '2025-12-26T12:00', 5, '2026-01-09T17:15'],
    ['Golden Week', '2026-05-01T12:00', 1, '2026-05-07T17:15'],
    ['a 10-day 期限 from 1 December', '2026-12-01T09:00', 10, '2026-12-15T17:15'],
  ])('%s', (_label, received, n, deadline) => {
    expect(workingDayDeadline(jst(received), n)).toBe(jst(deadline));
  });

  it('uses the JST day, not the UTC one', () => {
    // 2026-11-27T15:30Z is Saturday 00:30 in Japan.
    expect(workingDayDeadline(Date.parse('2026-11-27T15:30:00Z'), 1)).toBe(Date.parse('2026-11-30T08:15:00Z'));
    // 2026-11-26T15:30Z is Friday 00:30 in Japan.
    expect(workingDayDeadline(Date.parse('2026-11-26T15:30:00Z'), 1)).toBe(Date.parse('2026-11-30T08:15:00Z'));
  });

  it('honours yearEndClosure: false', () => {
    expect(workingDayDeadline(jst('2026-12-28T16:00'), 1, { yearEndClosure: false })).toBe(jst('2026-12-29T17:15'));
  });

  it('rejects bad input', () => {
    expect(() => workingDayDeadline(Number.NaN, 1)).toThrow(RangeError);
    expect(() => workingDayDeadline(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
    expect(() => workingDayDeadline(jst('2026-11-27T10:00'), -1)).toThrow(RangeError);
    expect(() => workingDayDeadline(jst('2026-11-27T10:00'), 0.5)).toThrow(RangeError);
    expect(() => workingDayDeadline(jst('1979-06-01T10:00'), 1)).toThrow(RangeError);
  });
});
