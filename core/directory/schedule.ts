/**
 * Opening hours as HSDS 3.0 schedules (iCalendar RRULE fields, RFC 5545): when a rule
 * occurs, whether a window is open at an instant in Japan, and the RRULE string.
 * Pure and isomorphic: the server answers `openNow` with it, the web shows hours with it.
 */

export type Freq = 'WEEKLY' | 'MONTHLY';

/** The fields of one schedule that decide when it is open. Dates are ISO (YYYY-MM-DD), times HH:MM in Japan. */
export interface ScheduleRule {
  freq: Freq;
  interval: number;
  /** Comma-separated days, e.g. `MO,TU,WE`; for MONTHLY with an ordinal, e.g. `2TU,-1FR`. */
  byday: string;
  /** Comma-separated days of the month (MONTHLY), e.g. `1,15,-1`. */
  bymonthday: string;
  opensAt: string;
  closesAt: string;
  validFrom: string | null;
  validTo: string | null;
  dtstart: string | null;
  until: string | null;
  count: number | null;
  /** Closed on national holidays and 年末年始 (12/29–1/3) whatever the rule says. */
  closedOnHolidays: boolean;
}

/** Is `isoDate` (YYYY-MM-DD) a national holiday? Passed in, so the caller chooses the calendar. */
export type IsHoliday = (isoDate: string) => boolean;

export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_TOKEN = /^([+-]?[1-5])?(SU|MO|TU|WE|TH|FR|SA)$/;

export interface ByDay {
  /** 1–5 from the start of the month, -1…-5 from its end; null: every such weekday. */
  ordinal: number | null;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** Parses `byday`; null when a token is not valid iCalendar. */
export function parseByDay(s: string): ByDay[] | null {
  if (s.trim() === '') return [];
  const out: ByDay[] = [];
  for (const raw of s.split(',')) {
    const m = DAY_TOKEN.exec(raw.trim().toUpperCase());
    if (!m) return null;
    out.push({ ordinal: m[1] ? Number(m[1]) : null, weekday: WEEKDAYS.indexOf(m[2] as Weekday) });
  }
  return out;
}

/** Parses `bymonthday`; null when a part is not an integer in ±1…31. */
export function parseByMonthDay(s: string): number[] | null {
  if (s.trim() === '') return [];
  const out: number[] = [];
  for (const raw of s.split(',')) {
    const t = raw.trim();
    if (!/^[+-]?\d{1,2}$/.test(t)) return null;
    const n = Number(t);
    if (n === 0 || n < -31 || n > 31) return null;
    out.push(n);
  }
  return out;
}

/** The problems of a rule, each naming its field (empty when the rule is usable). */
export function ruleProblems(r: ScheduleRule): { field: keyof ScheduleRule; message: string }[] {
  const out: { field: keyof ScheduleRule; message: string }[] = [];
  const days = parseByDay(r.byday);
  const monthDays = parseByMonthDay(r.bymonthday);
  if (!days) out.push({ field: 'byday', message: 'days as MO,TU,… (MONTHLY may prefix 1–5 or -1…-5, e.g. 2TU)' });
  else if (r.freq === 'WEEKLY' && days.some((d) => d.ordinal !== null)) out.push({ field: 'byday', message: 'ordinals such as 2TU only with MONTHLY' });
  if (!monthDays) out.push({ field: 'bymonthday', message: 'days of the month, 1…31 or -1…-31, comma-separated' });
  else if (r.freq === 'WEEKLY' && monthDays.length > 0) out.push({ field: 'bymonthday', message: 'bymonthday only with MONTHLY' });
  if (days && monthDays && days.length === 0 && monthDays.length === 0 && !r.dtstart) out.push({ field: 'byday', message: 'give byday, bymonthday or dtstart' });
  if (!Number.isInteger(r.interval) || r.interval < 1 || r.interval > 52) out.push({ field: 'interval', message: '1 to 52' });
  else if (r.interval > 1 && !r.dtstart) out.push({ field: 'dtstart', message: 'required when interval is more than 1' });
  if (!TIME.test(r.opensAt)) out.push({ field: 'opensAt', message: 'HH:MM' });
  if (!TIME.test(r.closesAt)) out.push({ field: 'closesAt', message: 'HH:MM' });
  else if (TIME.test(r.opensAt) && r.closesAt <= r.opensAt) out.push({ field: 'closesAt', message: 'must be after opensAt' });
  if (r.validFrom && r.validTo && r.validTo < r.validFrom) out.push({ field: 'validTo', message: 'must not be before validFrom' });
  if (r.count !== null && (!Number.isInteger(r.count) || r.count < 1)) out.push({ field: 'count', message: 'a positive whole number' });
  if (r.count !== null && !r.dtstart) out.push({ field: 'dtstart', message: 'required with count' });
  return out;
}

const dayNumber = (iso: string) => Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: number) => (day + 4) % 7; // 1970-01-01 was a Thursday
const mondayOf = (day: number) => day - ((weekdayOf(day) + 6) % 7);
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Does the rule's date pattern (ignoring validity, until and count) hit this day? */
function patternHits(r: ScheduleRule, day: number): boolean {
  const iso = isoOf(day);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const wd = weekdayOf(day);
  const start = r.dtstart ? dayNumber(r.dtstart.slice(0, 10)) : null;
  let days = parseByDay(r.byday) ?? [];
  const monthDays = parseByMonthDay(r.bymonthday) ?? [];
  if (r.freq === 'WEEKLY') {
    if (days.length === 0 && start !== null) days = [{ ordinal: null, weekday: weekdayOf(start) }];
    if (!days.some((x) => x.weekday === wd)) return false;
    return start === null || r.interval <= 1 || ((mondayOf(day) - mondayOf(start)) / 7) % r.interval === 0;
  }
  if (start !== null && r.interval > 1) {
    const s = isoOf(start);
    const months = y * 12 + m - (Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)));
    if (months % r.interval !== 0) return false;
  }
  const dim = daysInMonth(y, m);
  const dayOk =
    days.length === 0 ||
    days.some((x) => x.weekday === wd && (x.ordinal === null || (x.ordinal > 0 ? Math.ceil(d / 7) === x.ordinal : Math.ceil((dim - d + 1) / 7) === -x.ordinal)));
  const monthDayOk = monthDays.length === 0 ? days.length > 0 || start === null || Number(isoOf(start).slice(8, 10)) === d : monthDays.some((n) => (n > 0 ? n === d : dim + n + 1 === d));
  return dayOk && monthDayOk;
}

/** Does the schedule occur on this date (validity, dtstart, until and count included)? */
export function occursOn(r: ScheduleRule, isoDate: string): boolean {
  if (r.validFrom && isoDate < r.validFrom) return false;
  if (r.validTo && isoDate > r.validTo) return false;
  if (r.dtstart && isoDate < r.dtstart.slice(0, 10)) return false;
  if (r.until && isoDate > r.until.slice(0, 10)) return false;
  const day = dayNumber(isoDate);
  if (!patternHits(r, day)) return false;
  if (r.count !== null && r.dtstart) {
    let seen = 0;
    for (let x = dayNumber(r.dtstart.slice(0, 10)); x <= day; x++) if (patternHits(r, x) && ++seen > r.count) return false;
  }
  return true;
}

/** 年末年始: 12月29日から1月3日 (行政機関の休日に関する法律 第1条第1項第3号). */
export function isYearEndHoliday(isoDate: string): boolean {
  const md = isoDate.slice(5);
  return md >= '12-29' || md <= '01-03';
}

/** The date and minute of the day in Japan (UTC+9, no daylight saving) of an instant. */
export function japanTime(instant: Date): { date: string; time: string } {
  const local = new Date(instant.getTime() + JST_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** Is one schedule open at this instant? */
export function isOpenAt(r: ScheduleRule, instant: Date, isHoliday: IsHoliday): boolean {
  const { date, time } = japanTime(instant);
  if (r.closedOnHolidays && (isHoliday(date) || isYearEndHoliday(date))) return false;
  return occursOn(r, date) && time >= r.opensAt && time < r.closesAt;
}

/** Is any of the schedules open at this instant? */
export function anyOpenAt(rules: readonly ScheduleRule[], instant: Date, isHoliday: IsHoliday): boolean {
  return rules.some((r) => isOpenAt(r, instant, isHoliday));
}

/** The RFC 5545 RRULE of a schedule (the time of day lives in opens_at/closes_at). */
export function toRrule(r: ScheduleRule): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval > 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byday.trim()) parts.push(`BYDAY=${r.byday.replace(/\s+/g, '').toUpperCase()}`);
  if (r.bymonthday.trim()) parts.push(`BYMONTHDAY=${r.bymonthday.replace(/\s+/g, '')}`);
  if (r.count !== null) parts.push(`COUNT=${r.count}`);
  else if (r.until) parts.push(`UNTIL=${r.until.slice(0, 10).replace(/-/g, '')}`);
  return parts.join(';');
}
