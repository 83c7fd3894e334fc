/**
 * Japanese national holidays (国民の祝日に関する法律), 2020–2099, for `openNow`.
 * Interim: core/japanese/holidays.ts is coming to main; when it lands, the directory wires
 * that instead and this file goes (docs/directory.md). Only this module uses it.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
/** The n-th Monday of a month. */
const nthMonday = (y: number, m: number, n: number) => ((8 - weekday(y, m, 1)) % 7) + 1 + (n - 1) * 7;

/** The holidays of one year by name of day, before substitute days (春分・秋分 by the usual approximation, valid to 2099). */
function namedHolidays(y: number): string[] {
  const base = y - 1980;
  const spring = Math.floor(20.8431 + 0.242194 * base - Math.floor(base / 4));
  const autumn = Math.floor(23.2488 + 0.242194 * base - Math.floor(base / 4));
  const days = [
    ymd(y, 1, 1), ymd(y, 1, nthMonday(y, 1, 2)), ymd(y, 2, 11), ymd(y, 2, 23), ymd(y, 3, spring), ymd(y, 4, 29),
    ymd(y, 5, 3), ymd(y, 5, 4), ymd(y, 5, 5), ymd(y, 9, nthMonday(y, 9, 3)), ymd(y, 9, autumn), ymd(y, 11, 3), ymd(y, 11, 23),
  ];
  // 海の日・スポーツの日・山の日 moved for the Tokyo Games (東京オリンピック特措法).
  if (y === 2020) days.push('2020-07-23', '2020-07-24', '2020-08-10');
  else if (y === 2021) days.push('2021-07-22', '2021-07-23', '2021-08-08');
  else days.push(ymd(y, 7, nthMonday(y, 7, 3)), ymd(y, 10, nthMonday(y, 10, 2)), ymd(y, 8, 11));
  return days;
}

const cache = new Map<number, Set<string>>();
const next = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function holidaysOf(y: number): Set<string> {
  const hit = cache.get(y);
  if (hit) return hit;
  const set = new Set(namedHolidays(y));
  // 国民の休日 (第3条第3項): a day between two holidays.
  for (const d of Array.from(set)) {
    const gap = next(d);
    if (!set.has(gap) && set.has(next(gap)) && new Date(`${gap}T00:00:00Z`).getUTCDay() !== 0) set.add(gap);
  }
  // 振替休日 (第3条第2項): a holiday on a Sunday moves the next working day off.
  for (const d of [...set].sort()) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() !== 0) continue;
    let x = next(d);
    while (set.has(x)) x = next(x);
    set.add(x);
  }
  cache.set(y, set);
  return set;
}

/** Is this ISO date a national holiday of Japan? (Years outside 2020–2099: false.) */
export function isJapaneseHoliday(isoDate: string): boolean {
  const y = Number(isoDate.slice(0, 4));
  if (!(y >= 2020 && y <= 2099)) return false;
  return holidaysOf(y).has(isoDate);
}
