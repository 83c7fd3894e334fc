/**
 * Calendar-date primitives on plain 'YYYY-MM-DD' strings. Dates here are civil
 * dates with no time zone, so no Date objects: a birthday must not move a day
 * because the server runs in UTC and the user in JST.
 */

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** True for Gregorian leap years (divisible by 4, except centuries not divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12) of a Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a real day between 0001-01-01 and 9999-12-31. */
export function isValidCivilDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
    day >= 1 && day <= daysInMonth(year, month)
  );
}

/** Formats a civil date as zero-padded 'YYYY-MM-DD' (which also sorts correctly as text). */
export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses a strict 'YYYY-MM-DD' string to its parts, or null if malformed or not a real day. */
export function parseIsoDate(iso: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidCivilDate(year, month, day) ? { year, month, day } : null;
}

/** Like parseIsoDate but throws RangeError, for callers whose input is already meant to be valid. */
export function requireIsoDate(iso: string): CivilDate {
  const d = parseIsoDate(iso);
  if (!d) throw new RangeError(`not a valid YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return d;
}
