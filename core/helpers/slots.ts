import { fiscalYear, fiscalYearRange } from '../japanese';

/**
 * Time and place arithmetic of the helpers module, pure so the server, the web and the tests
 * agree: a request's slot in Japan time (Japan has no daylight saving: UTC+9 all year), the
 * cover period of volunteer insurance, and the straight-line distance between two points.
 */
const JST_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

/** A slot as the weekly pattern sees it: the civil date, weekday (0 = Sunday) and minutes after midnight, Japan time. */
export interface JapanSlot {
  date: string;
  weekday: number;
  fromMinute: number;
  toMinute: number;
}

/** The Japan-time date, weekday and minutes of [startIso, endIso); null when it is not within one day (ends by 24:00). */
export function japanSlot(startIso: string, endIso: string): JapanSlot | null {
  const s = Date.parse(startIso);
  const e = Date.parse(endIso);
  if (Number.isNaN(s) || Number.isNaN(e) || e <= s) return null;
  const js = new Date(s + JST_MS);
  const date = js.toISOString().slice(0, 10);
  const midnight = Date.parse(`${date}T00:00:00Z`) - JST_MS;
  const fromMinute = Math.floor((s - midnight) / 60_000);
  const toMinute = Math.ceil((e - midnight) / 60_000);
  if (toMinute > 1440) return null;
  return { date, weekday: js.getUTCDay(), fromMinute, toMinute };
}

/** `HH:MM` of minutes after midnight (1440 → 24:00). */
export function minuteText(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Minutes after midnight of `HH:MM` (00:00–24:00), or null. */
export function parseMinute(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

/** The day after an ISO date. */
export function nextDay(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The cover of ボランティア活動保険 enrolled on `enrolledOn` for 年度 `fy`: from the day after
 * enrolment (加入手続きの翌日午前0時から), or from 4月1日 when enrolled before the year began,
 * until 3月31日 of that 年度. Null when the enrolment cannot cover that year (enrolled after it ended).
 */
export function coverPeriod(enrolledOn: string, fy: number): { from: string; to: string } | null {
  const { start, end } = fiscalYearRange(fy);
  const dayAfter = nextDay(enrolledOn);
  const from = dayAfter > start ? dayAfter : start;
  return from <= end ? { from, to: end } : null;
}

/** The 年度 a date falls in (re-exported for the module's callers: 4月1日〜3月31日). */
export const fiscalYearOf = fiscalYear;

const EARTH_KM = 6371;

/** Great-circle distance in km between two points (haversine). */
export function straightKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
