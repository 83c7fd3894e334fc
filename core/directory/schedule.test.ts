import { describe, expect, it } from 'vitest';
import { anyOpenAt, formatHours, isOpenAt, occursOn, ruleProblems, toRrule, type ScheduleRule } from './index';

const rule = (over: Partial<ScheduleRule> = {}): ScheduleRule => ({
  freq: 'WEEKLY', interval: 1, byday: 'MO,TU,WE,TH,FR', bymonthday: '', opensAt: '08:30', closesAt: '17:15',
  validFrom: null, validTo: null, dtstart: null, until: null, count: null, closedOnHolidays: true, ...over,
});
/** An instant given as Japan local time. */
const jst = (local: string) => new Date(`${local}+09:00`);
const noHolidays = () => false;
const labourThanksgiving = (d: string) => d === '2026-11-23';

describe('a city window open 月〜金 8:30〜17:15, closed on holidays and 年末年始', () => {
  const window = rule();
  it('is open on a Friday afternoon in Japan and closed after 17:15', () => {
    expect(isOpenAt(window, jst('2026-11-27T16:59'), noHolidays)).toBe(true);
    expect(isOpenAt(window, jst('2026-11-27T17:15'), noHolidays)).toBe(false);
    expect(isOpenAt(window, jst('2026-11-27T08:29'), noHolidays)).toBe(false);
  });
  it('uses Japan time, not UTC: 00:30 UTC on a Monday is 9:30 the same Monday in Mine', () => {
    expect(isOpenAt(window, new Date('2026-11-30T00:30:00Z'), noHolidays)).toBe(true);
    // 23:30 UTC on Friday is already Saturday 8:30 in Japan
    expect(isOpenAt(window, new Date('2026-11-27T23:30:00Z'), noHolidays)).toBe(false);
  });
  it('is closed on a weekday that is a holiday (the calendar is passed in) and from 12/29 to 1/3', () => {
    expect(isOpenAt(window, jst('2026-11-23T10:00'), labourThanksgiving)).toBe(false);
    expect(isOpenAt(window, jst('2026-11-24T10:00'), labourThanksgiving)).toBe(true);
    expect(isOpenAt(window, jst('2026-12-29T10:00'), noHolidays)).toBe(false);
    expect(isOpenAt(window, jst('2027-01-04T10:00'), noHolidays)).toBe(true);
  });
  it('a salon that does not close on holidays stays open then', () => {
    expect(isOpenAt(rule({ closedOnHolidays: false }), jst('2026-11-23T10:00'), (d) => d === '2026-11-23')).toBe(true);
  });
  it('reads as a city office prints it, and as an RRULE', () => {
    expect(formatHours(window)).toBe('月〜金 8:30〜17:15（祝日・年末年始を除く）');
    expect(formatHours(window, 'en')).toBe('Mon–Fri 8:30–17:15 (closed on public holidays and 29 Dec–3 Jan)');
    expect(toRrule(window)).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
  });
});

describe('monthly and fortnightly rules', () => {
  it('第2・第4火曜 matches only the 2nd and 4th Tuesday of the month', () => {
    const salon = rule({ freq: 'MONTHLY', byday: '2TU,4TU', opensAt: '13:30', closesAt: '15:30', closedOnHolidays: false });
    expect(occursOn(salon, '2026-12-08')).toBe(true);
    expect(occursOn(salon, '2026-12-22')).toBe(true);
    expect(occursOn(salon, '2026-12-01')).toBe(false);
    expect(occursOn(salon, '2026-12-15')).toBe(false);
    expect(formatHours(salon)).toBe('毎月第2・第4火曜 13:30〜15:30');
    expect(toRrule(salon)).toBe('FREQ=MONTHLY;BYDAY=2TU,4TU');
  });
  it('the last Friday (-1FR) and the last day of the month (-1)', () => {
    expect(occursOn(rule({ freq: 'MONTHLY', byday: '-1FR' }), '2026-11-27')).toBe(true);
    expect(occursOn(rule({ freq: 'MONTHLY', byday: '-1FR' }), '2026-11-20')).toBe(false);
    expect(occursOn(rule({ freq: 'MONTHLY', byday: '', bymonthday: '-1' }), '2027-02-28')).toBe(true);
    expect(occursOn(rule({ freq: 'MONTHLY', byday: '', bymonthday: '-1' }), '2028-02-28')).toBe(false);
  });
  it('every other Wednesday counts weeks from dtstart', () => {
    const r = rule({ byday: 'WE', interval: 2, dtstart: '2026-11-04' });
    expect(occursOn(r, '2026-11-04')).toBe(true);
    expect(occursOn(r, '2026-11-11')).toBe(false);
    expect(occursOn(r, '2026-11-18')).toBe(true);
    expect(occursOn(r, '2026-10-21')).toBe(false); // before dtstart
    expect(formatHours(r)).toBe('隔週 水 8:30〜17:15（祝日・年末年始を除く）');
  });
  it('valid_from, valid_to, until and count bound the rule', () => {
    expect(occursOn(rule({ validFrom: '2026-12-01' }), '2026-11-27')).toBe(false);
    expect(occursOn(rule({ validTo: '2026-11-26' }), '2026-11-27')).toBe(false);
    expect(occursOn(rule({ until: '2026-11-26' }), '2026-11-27')).toBe(false);
    const three = rule({ byday: 'MO', dtstart: '2026-11-02', count: 3 });
    expect(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map((d) => occursOn(three, d))).toEqual([true, true, true, false]);
  });
  it('anyOpenAt is open when one of several schedules is', () => {
    const morning = rule({ byday: 'SA', opensAt: '09:00', closesAt: '12:00' });
    expect(anyOpenAt([rule(), morning], jst('2026-11-28T10:00'), noHolidays)).toBe(true);
    expect(anyOpenAt([rule(), morning], jst('2026-11-28T13:00'), noHolidays)).toBe(false);
  });
});

describe('rule problems name their field', () => {
  it('refuses bad days, ordinals in a weekly rule, closing before opening and interval without dtstart', () => {
    expect(ruleProblems(rule({ byday: 'XX' })).map((p) => p.field)).toEqual(['byday']);
    expect(ruleProblems(rule({ byday: '2TU' })).map((p) => p.field)).toEqual(['byday']);
    expect(ruleProblems(rule({ closesAt: '08:00' })).map((p) => p.field)).toEqual(['closesAt']);
    expect(ruleProblems(rule({ opensAt: '8:30' })).map((p) => p.field)).toEqual(['opensAt']);
    expect(ruleProblems(rule({ interval: 2 })).map((p) => p.field)).toEqual(['dtstart']);
    expect(ruleProblems(rule({ freq: 'MONTHLY', byday: '', bymonthday: '0' })).map((p) => p.field)).toEqual(['bymonthday']);
    expect(ruleProblems(rule())).toEqual([]);
  });
});
