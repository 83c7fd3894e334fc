/**
 * 国民の祝日 and 休日 under 国民の祝日に関する法律 (祝日法) as amended, and municipal working days.
 *
 * Holidays are computed from the rules in force in each year, not read from a list, for the
 * years 1980–2099 (SUPPORTED_HOLIDAY_YEARS). Outside that range every function here throws a
 * RangeError rather than guess: 春分の日/秋分の日 are fixed each February for the following year
 * by 官報 (国立天文台's 暦要項), and the formula used here matches those announcements only from
 * 1980 to 2099. For far-future years the dates remain a prediction until they are gazetted.
 *
 * Dates are 'YYYY-MM-DD' civil dates (see iso-date.ts). No Date objects: day arithmetic is done
 * on day numbers, so the result never depends on the time zone of the machine.
 */
import { requireIsoDate, toIsoDate } from './iso-date';

/** First and last year (inclusive) for which holidays are computed. */
export const SUPPORTED_HOLIDAY_YEARS = { first: 1980, last: 2099 } as const;

/** Japan Standard Time is UTC+9 all year (no daylight saving time). */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
/** Municipal office hours (開庁時間) in JST: 8:30–17:15. */
export const OFFICE_OPENS_JST = { hour: 8, minute: 30 } as const;
export const OFFICE_CLOSES_JST = { hour: 17, minute: 15 } as const;

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Day numbers: days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's civil algorithms.

function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromDayNumber(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return toIsoDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isoDayNumber(iso: string): number {
  const { year, month, day } = requireIsoDate(iso);
  return dayNumber(year, month, day);
}

// ---------------------------------------------------------------------------------------------
// 祝日 rules.

function requireSupportedYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < SUPPORTED_HOLIDAY_YEARS.first || year > SUPPORTED_HOLIDAY_YEARS.last) {
    throw new RangeError(
      `Japanese holidays are computed only for ${SUPPORTED_HOLIDAY_YEARS.first}–${SUPPORTED_HOLIDAY_YEARS.last}: ${what}`,
    );
  }
}

/** Day of the month of the nth Monday of a month (Happy Monday 制度). */
function nthMonday(year: number, month: number, nth: number): number {
  const firstWeekday = weekdayOf(dayNumber(year, month, 1));
  const firstMonday = 1 + ((8 - firstWeekday) % 7);
  return firstMonday + (nth - 1) * 7;
}

// The standard approximation for 1980–2099 (the one 国立天文台 and every calendar library use):
// day = floor(C + 0.242194 × (Y − 1980) − floor((Y − 1980) / 4)). Done in millionths so that
// floating-point rounding cannot move a day.
function equinoxDay(year: number, constantMillionths: number): number {
  const n = year - 1980;
  return Math.floor((constantMillionths + 242_194 * n) / 1_000_000) - Math.floor(n / 4);
}
const vernalEquinoxDay = (year: number) => equinoxDay(year, 20_843_100);
const autumnalEquinoxDay = (year: number) => equinoxDay(year, 23_248_800);

/**
 * One-off 休日 made by their own laws. They count as 国民の祝日 for the 振替休日 and 国民の休日
 * rules, as the 2019 law says expressly (that is what makes 2019-04-30 and 05-02 休日).
 * Names as in the 内閣府 list, except that it calls the 2019 days 休日（祝日扱い）.
 */
const SPECIAL_HOLIDAYS: ReadonlyMap<string, string> = new Map([
  ['1989-02-24', '大喪の礼'],
  ['1990-11-12', '即位礼正殿の儀'],
  ['1993-06-09', '結婚の儀'],
  ['2019-05-01', '即位の日'],
  ['2019-10-22', '即位礼正殿の儀'],
]);

const SUBSTITUTE_HOLIDAY = '振替休日';
const CITIZENS_HOLIDAY = '国民の休日';
// 振替休日 began with the amendment in force from 1973-04-12; 国民の休日 with the one from
// 1985-12-27; the 2007 amendment moved 振替休日 to "the next day that is not a 祝日" and let a
// Sunday be a 国民の休日 (before, the next day had to be a Monday that was not a 祝日 itself,
// and a sandwiched Sunday or 振替休日 stayed what it was).
const RULES_2007 = 2007;

/** The 国民の祝日 proper (no 振替休日 or 国民の休日) of a year, keyed by day number. */
function nationalHolidays(year: number): Map<number, string> {
  const days = new Map<number, string>();
  const add = (month: number, day: number, name: string) => days.set(dayNumber(year, month, day), name);

  add(1, 1, '元日');
  add(1, year >= 2000 ? nthMonday(year, 1, 2) : 15, '成人の日');
  add(2, 11, '建国記念の日');
  if (year >= 2020) add(2, 23, '天皇誕生日');
  add(3, vernalEquinoxDay(year), '春分の日');
  add(4, 29, year <= 1988 ? '天皇誕生日' : year < 2007 ? 'みどりの日' : '昭和の日');
  add(5, 3, '憲法記念日');
  if (year >= 2007) add(5, 4, 'みどりの日');
  add(5, 5, 'こどもの日');

  // 海の日 from 1996; Happy Monday from 2003; moved for the Tokyo Olympics in 2020 and 2021.
  if (year === 2020) add(7, 23, '海の日');
  else if (year === 2021) add(7, 22, '海の日');
  else if (year >= 2003) add(7, nthMonday(year, 7, 3), '海の日');
  else if (year >= 1996) add(7, 20, '海の日');

  // 山の日 from 2016, likewise moved in 2020 and 2021.
  if (year === 2020) add(8, 10, '山の日');
  else if (year === 2021) add(8, 8, '山の日');
  else if (year >= 2016) add(8, 11, '山の日');

  add(9, year >= 2003 ? nthMonday(year, 9, 3) : 15, '敬老の日');
  add(9, autumnalEquinoxDay(year), '秋分の日');

  // 体育の日 (10/10, Happy Monday from 2000) became スポーツの日 in 2020.
  if (year === 2020) add(7, 24, 'スポーツの日');
  else if (year === 2021) add(7, 23, 'スポーツの日');
  else if (year >= 2022) add(10, nthMonday(year, 10, 2), 'スポーツの日');
  else if (year >= 2000) add(10, nthMonday(year, 10, 2), '体育の日');
  else add(10, 10, '体育の日');

  add(11, 3, '文化の日');
  add(11, 23, '勤労感謝の日');
  if (year >= 1989 && year <= 2018) add(12, 23, '天皇誕生日');

  for (const [iso, name] of SPECIAL_HOLIDAYS) {
    if (iso.startsWith(`${year}-`)) days.set(isoDayNumber(iso), name);
  }
  return days;
}

const SUBSTITUTE_FROM = isoDayNumber('1973-04-12');
const CITIZENS_HOLIDAY_FROM = isoDayNumber('1985-12-27');

/** All 休日 of a year under 祝日法: 国民の祝日, 振替休日 and 国民の休日, keyed by day number. */
function computeYear(year: number): ReadonlyMap<number, string> {
  const holidays = nationalHolidays(year);
  const all = new Map(holidays);
  const modern = year >= RULES_2007;

  // 振替休日: a 祝日 on a Sunday makes the next day that is not a 祝日 a holiday (from 2007);
  // before 2007 only the Monday, and only if it was not a 祝日 already.
  for (const day of holidays.keys()) {
    if (weekdayOf(day) !== 0 || day < SUBSTITUTE_FROM) continue;
    let next = day + 1;
    if (modern) while (holidays.has(next)) next += 1;
    if (!holidays.has(next)) all.set(next, SUBSTITUTE_HOLIDAY);
  }

  // 国民の休日: a day (not itself a holiday) whose previous and next days are both 国民の祝日.
  // Before 2007 a Sunday did not qualify. Never crosses a year end: 12/31 and 1/2 would need
  // 12/30 or 1/3 to be a 祝日.
  for (const day of holidays.keys()) {
    const middle = day + 1;
    if (middle < CITIZENS_HOLIDAY_FROM || all.has(middle) || !holidays.has(middle + 1)) continue;
    if (!modern && weekdayOf(middle) === 0) continue;
    all.set(middle, CITIZENS_HOLIDAY);
  }
  return new Map([...all].sort((a, b) => a[0] - b[0]));
}

const cache = new Map<number, ReadonlyMap<number, string>>();

function holidaysOfYear(year: number): ReadonlyMap<number, string> {
  let days = cache.get(year);
  if (!days) {
    days = computeYear(year);
    cache.set(year, days);
  }
  return days;
}

export interface JapaneseHoliday {
  /** 'YYYY-MM-DD'. */
  readonly date: string;
  /** The name in the law, e.g. '成人の日'; '振替休日' and '国民の休日' for the two kinds of 休日. */
  readonly name: string;
}

/**
 * The name of the holiday on a date, or null if it is not one: a 国民の祝日 ('元日', '春分の日', …),
 * a one-off holiday ('即位の日', '即位礼正殿の儀', …), '振替休日' or '国民の休日'.
 * The 内閣府 CSV calls the last two, and the 2019 one-offs, just 休日 / 休日（祝日扱い）.
 * Throws RangeError for a malformed date or a year outside 1980–2099.
 */
export function japaneseHolidayName(iso: string): string | null {
  const { year, month, day } = requireIsoDate(iso);
  requireSupportedYear(year, iso);
  return holidaysOfYear(year).get(dayNumber(year, month, day)) ?? null;
}

/** True on 国民の祝日, 振替休日 and 国民の休日 (not on ordinary weekends). Same errors as japaneseHolidayName. */
export function isJapaneseHoliday(iso: string): boolean {
  return japaneseHolidayName(iso) !== null;
}

/** Every holiday of a year (1980–2099) in date order, 振替休日 and 国民の休日 included. */
export function japaneseHolidaysInYear(year: number): readonly JapaneseHoliday[] {
  requireSupportedYear(year, String(year));
  return [...holidaysOfYear(year)].map(([day, name]) => ({ date: fromDayNumber(day), name }));
}

// ---------------------------------------------------------------------------------------------
// Working days (開庁日).

export interface WorkingDayOptions {
  /**
   * Treat 12/29–1/3 (年末年始の休日, 地方自治法4条の2 and each municipality's 休日条例) as closed.
   * Default true.
   */
  readonly yearEndClosure?: boolean;
}

function isWorkingDayNumber(day: number, yearEndClosure: boolean): boolean {
  const iso = fromDayNumber(day);
  const year = Number(iso.slice(0, 4));
  requireSupportedYear(year, iso);
  const weekday = weekdayOf(day);
  if (weekday === 0 || weekday === 6) return false;
  if (yearEndClosure) {
    const monthDay = iso.slice(5);
    if (monthDay >= '12-29' || monthDay <= '01-03') return false;
  }
  return !holidaysOfYear(year).has(day);
}

/**
 * True on days a municipal office is open: Monday–Friday, not a 祝日 or 休日, and (unless
 * yearEndClosure is false) not in the 年末年始 closure 12/29–1/3.
 * Throws RangeError for a malformed date or a year outside 1980–2099.
 */
export function isWorkingDay(iso: string, options: WorkingDayOptions = {}): boolean {
  return isWorkingDayNumber(isoDayNumber(iso), options.yearEndClosure ?? true);
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer: ${n}`);
}

function addWorkingDaysToNumber(start: number, n: number, yearEndClosure: boolean): number {
  let day = start;
  if (n === 0) {
    while (!isWorkingDayNumber(day, yearEndClosure)) day += 1;
    return day;
  }
  for (let left = n; left > 0; ) {
    day += 1;
    if (isWorkingDayNumber(day, yearEndClosure)) left -= 1;
  }
  return day;
}

/**
 * The n-th working day strictly after iso (n ≥ 1), counting only working days, whatever iso
 * itself is: Friday + 1 → Monday, Saturday + 1 → Monday, 2026-12-28 + 1 → 2027-01-04.
 * n = 0 gives iso itself if it is a working day, else the next working day.
 * Throws RangeError for a negative or fractional n, a malformed date, or if the count runs
 * outside 1980–2099.
 */
export function addWorkingDays(iso: string, n: number, options: WorkingDayOptions = {}): string {
  requireCount(n);
  return fromDayNumber(addWorkingDaysToNumber(isoDayNumber(iso), n, options.yearEndClosure ?? true));
}

/**
 * Deadline for something received at a UTC instant: the end of office hours (17:15 JST) of
 * the n-th working day strictly after the JST calendar day on which it was received, as UTC
 * milliseconds. That is the 17:15 JST of addWorkingDays(receivedDayJst, n).
 *
 * - Received Friday 2026-11-27 10:00 JST, n = 1 → Monday 2026-11-30 17:15 JST.
 * - Received on a Saturday (or a holiday), n = 1 → the first working day after it (Monday).
 * - n = 0 → 17:15 JST of the day received if that is a working day, else of the next one.
 * - The time of day does not matter: something received after 17:15 or before 8:30 counts
 *   from its calendar day. A municipality that treats after-hours receipt as received the next
 *   working day should move instantMs first.
 *
 * Throws RangeError for a non-finite instant, a negative or fractional n, or a date outside
 * 1980–2099.
 */
export function workingDayDeadline(instantMs: number, n: number, options: WorkingDayOptions = {}): number {
  if (!Number.isFinite(instantMs)) throw new RangeError(`not a finite instant: ${instantMs}`);
  requireCount(n);
  const receivedDay = Math.floor((instantMs + JST_OFFSET_MS) / DAY_MS);
  const deadlineDay = addWorkingDaysToNumber(receivedDay, n, options.yearEndClosure ?? true);
  const closesMs = (OFFICE_CLOSES_JST.hour * 60 + OFFICE_CLOSES_JST.minute) * 60_000;
  return deadlineDay * DAY_MS + closesMs - JST_OFFSET_MS;
}
