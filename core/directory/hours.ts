import { parseByDay, parseByMonthDay, type ScheduleRule } from './schedule';

/**
 * Opening hours in words, as a Japanese city office prints them:
 * 「月〜金 8:30〜17:15（祝日・年末年始を除く）」, or in English.
 */

const JA_DAYS = ['日', '月', '火', '水', '木', '金', '土'];
const EN_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_ORDINALS: Record<number, string> = { 1: '1st', 2: '2nd', 3: '3rd', 4: '4th', 5: '5th', [-1]: 'last', [-2]: '2nd-to-last' };

/** 08:30 → 8:30 */
const clock = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');

/** Monday-first weekdays, runs of 3 or more joined as a range: 月〜金, 月・水・金. */
function weekdayList(weekdays: number[], names: string[], range: string, sep: string): string {
  const order = [...new Set(weekdays)].map((d) => (d + 6) % 7).sort((a, b) => a - b); // 0 = Monday
  const runs: number[][] = [];
  for (const d of order) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  const name = (d: number) => names[(d + 1) % 7] as string;
  return runs.flatMap((r) => (r.length >= 3 ? [`${name(r[0] as number)}${range}${name(r[r.length - 1] as number)}`] : r.map(name))).join(sep);
}

function daysJa(r: ScheduleRule): string {
  const days = parseByDay(r.byday) ?? [];
  const monthDays = parseByMonthDay(r.bymonthday) ?? [];
  if (r.freq === 'WEEKLY') {
    const list = weekdayList(days.length ? days.map((d) => d.weekday) : r.dtstart ? [new Date(`${r.dtstart.slice(0, 10)}T00:00:00Z`).getUTCDay()] : [], JA_DAYS, '〜', '・');
    const every = r.interval === 2 ? '隔週 ' : r.interval > 2 ? `${r.interval}週ごと ` : '';
    return `${every}${list}`;
  }
  const every = r.interval > 1 ? `${r.interval}か月ごと ` : '毎月';
  const parts: string[] = [];
  const ordinal = days.filter((d) => d.ordinal !== null);
  const plain = days.filter((d) => d.ordinal === null);
  const byWeekday = new Map<number, number[]>();
  for (const d of ordinal) byWeekday.set(d.weekday, [...(byWeekday.get(d.weekday) ?? []), d.ordinal as number]);
  for (const [wd, ns] of byWeekday) parts.push(`${ns.map((n) => (n > 0 ? `第${n}` : n === -1 ? '最終' : `最後から${-n}番目の`)).join('・')}${JA_DAYS[wd]}曜`);
  if (plain.length) parts.push(`${weekdayList(plain.map((d) => d.weekday), JA_DAYS, '〜', '・')}曜`);
  if (monthDays.length) parts.push(monthDays.map((n) => (n > 0 ? `${n}日` : n === -1 ? '末日' : `末日の${-n - 1}日前`)).join('・'));
  if (parts.length === 0 && r.dtstart) parts.push(`${Number(r.dtstart.slice(8, 10))}日`);
  return `${every}${parts.join('・')}`;
}

function daysEn(r: ScheduleRule): string {
  const days = parseByDay(r.byday) ?? [];
  const monthDays = parseByMonthDay(r.bymonthday) ?? [];
  if (r.freq === 'WEEKLY') {
    const list = weekdayList(days.length ? days.map((d) => d.weekday) : r.dtstart ? [new Date(`${r.dtstart.slice(0, 10)}T00:00:00Z`).getUTCDay()] : [], EN_DAYS, '–', ', ');
    const every = r.interval === 2 ? 'every other week ' : r.interval > 2 ? `every ${r.interval} weeks ` : '';
    return `${every}${list}`;
  }
  const parts: string[] = [];
  for (const d of days) parts.push(d.ordinal === null ? `every ${EN_DAYS[d.weekday]}` : `${EN_ORDINALS[d.ordinal] ?? `${d.ordinal}th`} ${EN_DAYS[d.weekday]}`);
  for (const n of monthDays) parts.push(n > 0 ? `day ${n}` : n === -1 ? 'last day' : `day ${n}`);
  if (parts.length === 0 && r.dtstart) parts.push(`day ${Number(r.dtstart.slice(8, 10))}`);
  return `${parts.join(', ')} of ${r.interval > 1 ? `every ${r.interval} months` : 'each month'}`;
}

/** One schedule in words: 「月〜金 8:30〜17:15（祝日・年末年始を除く）」 / "Mon–Fri 8:30–17:15 (…)". */
export function formatHours(r: ScheduleRule, locale: 'ja' | 'en' = 'ja'): string {
  if (locale === 'en') {
    const holiday = r.closedOnHolidays ? ' (closed on public holidays and 29 Dec–3 Jan)' : '';
    return `${daysEn(r)} ${clock(r.opensAt)}–${clock(r.closesAt)}${holiday}`;
  }
  const holiday = r.closedOnHolidays ? '（祝日・年末年始を除く）' : '';
  return `${daysJa(r)} ${clock(r.opensAt)}〜${clock(r.closesAt)}${holiday}`;
}
