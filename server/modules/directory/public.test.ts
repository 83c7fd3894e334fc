import { describe, expect, it } from 'vitest';
import { isOpenAt, type ScheduleRule } from '../../../core/directory';
import { holidayCalendar } from './public.service';

const weekdays: ScheduleRule = {
  freq: 'WEEKLY', interval: 1, byday: 'MO,TU,WE,TH,FR', bymonthday: '', opensAt: '08:30', closesAt: '17:15',
  validFrom: null, validTo: null, dtstart: null, until: null, count: null, closedOnHolidays: true,
};
const at = (local: string) => new Date(`${local}+09:00`);

describe('"open now" with the national holiday calendar', () => {
  it('a weekday window is closed on 勤労感謝の日 (Mon 2026-11-23), 振替休日 (Wed 2026-05-06) and 国民の休日 (Tue 2026-09-22)', () => {
    for (const d of ['2026-11-23', '2026-05-06', '2026-09-22']) expect(isOpenAt(weekdays, at(`${d}T10:00`), holidayCalendar), d).toBe(false);
    for (const d of ['2026-11-24', '2026-05-07', '2026-09-24']) expect(isOpenAt(weekdays, at(`${d}T10:00`), holidayCalendar), d).toBe(true);
  });

  it('a year the calendar does not cover has no holidays rather than an error', () => {
    expect(holidayCalendar('2100-01-01')).toBe(false);
    expect(holidayCalendar('2026-01-01')).toBe(true);
  });
});
