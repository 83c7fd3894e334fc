/**
 * 和暦 (Japanese era dates), 年度 (April–March fiscal years) and age.
 * All dates are 'YYYY-MM-DD' civil dates; see iso-date.ts for why there are no Date objects.
 */
import { isValidCivilDate, requireIsoDate, toIsoDate } from './iso-date';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';

export interface Era {
  readonly name: EraName;
  readonly letter: EraLetter;
  /** First day of the era (Gregorian). */
  readonly start: string;
  /** Last day on which a date could be written in this era, inclusive; null while current. */
  readonly end: string | null;
}

/**
 * Era boundaries. 明治 starts on the 改元 day 1868-10-23 (慶応4年9月8日). The 大正 and 昭和
 * changes happened in the small hours of 1912-07-30 and 1926-12-25, so those days exist
 * in both eras (明治45年7月30日 = 大正元年7月30日) and are accepted in both when parsing;
 * formatting uses the new era, as is customary. 平成 and 令和 began at midnight, so
 * 昭和64年1月7日 and 平成31年4月30日 are the last days of their eras.
 *
 * 明治 dates before 明治6年 (1873) were lunisolar in the original records; like every
 * converter that treats 明治N年 as 1867+N with unchanged month and day, we do not convert them.
 */
export const ERAS: readonly Era[] = [
  { name: '明治', letter: 'M', start: '1868-10-23', end: '1912-07-30' },
  { name: '大正', letter: 'T', start: '1912-07-30', end: '1926-12-25' },
  { name: '昭和', letter: 'S', start: '1926-12-25', end: '1989-01-07' },
  { name: '平成', letter: 'H', start: '1989-01-08', end: '2019-04-30' },
  { name: '令和', letter: 'R', start: '2019-05-01', end: null },
];

function startYear(era: Era): number {
  return Number(era.start.slice(0, 4));
}

function eraYearLabel(year: number): string {
  return year === 1 ? '元' : String(year);
}

/** The era used to write a date (the newer one on a shared changeover day), or null before 明治. */
export function eraOn(isoDate: string): Era | null {
  requireIsoDate(isoDate);
  // ISO strings compare correctly as text; search newest first so changeover days get the new era.
  for (let i = ERAS.length - 1; i >= 0; i -= 1) {
    const era = ERAS[i];
    if (era && era.start <= isoDate) return era;
  }
  return null;
}

export interface FormatWarekiOptions {
  /** 'long' → 令和6年4月1日 (year 1 as 元年); 'short' → R6.4.1. Default 'long'. */
  readonly style?: 'long' | 'short';
}

/** Formats an ISO date in 和暦; throws RangeError for malformed input or dates before 明治. */
export function formatWareki(isoDate: string, options: FormatWarekiOptions = {}): string {
  const { year, month, day } = requireIsoDate(isoDate);
  const era = eraOn(isoDate);
  if (!era) throw new RangeError(`no Japanese era before 明治 (1868-10-23): ${isoDate}`);
  const eraYear = year - startYear(era) + 1;
  if (options.style === 'short') return `${era.letter}${eraYear}.${month}.${day}`;
  return `${era.name}${eraYearLabel(eraYear)}年${month}月${day}日`;
}

export type ParseWarekiResult =
  | { readonly ok: true; readonly iso: string }
  | { readonly ok: false; readonly reason: 'format' | 'era_range' | 'invalid_date' };

// After NFKC and whitespace removal. Era as kanji or letter, year as digits or 元, then either
// 年月日 or a consistent separator. Kanji or letter with either shape: 令和6.4.1 and R6年4月1日 both occur.
const ERA_DATE =
  /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:年(\d{1,2})月(\d{1,2})日?|([./-])(\d{1,2})\5(\d{1,2}))$/i;
// Western dates: 2024-04-01, 2024/4/1, 2024.4.1, 2024年4月1日, and 20240401 as found in CSV files.
const WESTERN_DATE = /^(\d{4})(?:([./-])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$/;

function findEra(token: string): Era | undefined {
  const upper = token.toUpperCase();
  return ERAS.find((e) => e.name === token || e.letter === upper);
}

function civil(year: number, month: number, day: number): ParseWarekiResult {
  return isValidCivilDate(year, month, day)
    ? { ok: true, iso: toIsoDate(year, month, day) }
    : { ok: false, reason: 'invalid_date' };
}

/**
 * Parses a 和暦 or Western date typed by staff or found in an import file into ISO.
 * Full-width digits and letters and ㋿-style era ligatures are accepted (NFKC).
 */
export function parseWareki(input: string): ParseWarekiResult {
  const s = input.normalize('NFKC').replace(/\s+/gu, '');

  const w = WESTERN_DATE.exec(s);
  if (w) {
    const month = Number(w[3] ?? w[5] ?? w[7]);
    const day = Number(w[4] ?? w[6] ?? w[8]);
    return civil(Number(w[1]), month, day);
  }

  const m = ERA_DATE.exec(s);
  const era = m ? findEra(m[1] ?? '') : undefined;
  if (!m || !era) return { ok: false, reason: 'format' };
  const eraYear = m[2] === '元' ? 1 : Number(m[2]);
  if (eraYear < 1) return { ok: false, reason: 'era_range' };

  // Calendar validity first: 平成32年2月30日 is wrong as a date before it is wrong as an era.
  const result = civil(startYear(era) + eraYear - 1, Number(m[3] ?? m[6]), Number(m[4] ?? m[7]));
  if (!result.ok) return result;
  const inEra = result.iso >= era.start && (era.end === null || result.iso <= era.end);
  return inEra ? result : { ok: false, reason: 'era_range' };
}

/** The 年度 (fiscal year, April–March) containing a date: 2025-03-31 → 2024, 2025-04-01 → 2025. */
export function fiscalYear(isoDate: string): number {
  const { year, month } = requireIsoDate(isoDate);
  return month >= 4 ? year : year - 1;
}

function requireFiscalYear(fy: number): void {
  if (!Number.isInteger(fy) || fy < 1 || fy > 9998) throw new RangeError(`not a fiscal year: ${fy}`);
}

/** First and last day (inclusive) of 年度 fy: { start: 'fy-04-01', end: '(fy+1)-03-31' }. */
export function fiscalYearRange(fy: number): { start: string; end: string } {
  requireFiscalYear(fy);
  return { start: toIsoDate(fy, 4, 1), end: toIsoDate(fy + 1, 3, 31) };
}

/**
 * Names 年度 fy in 和暦: 2024 → '令和6年度'. A 年度 that straddles an era change is
 * named after the era in force for most of it, i.e. on 1 October. That reproduces
 * the names in actual use: 大正元年度 (1912), 大正15年度 (1926), 昭和63年度 (1988),
 * 令和元年度 (2019: the 平成31年度 budget was passed before 改元, but 決算 and later
 * documents say 令和元年度).
 */
export function formatFiscalYear(fy: number): string {
  requireFiscalYear(fy);
  const era = eraOn(toIsoDate(fy, 10, 1));
  if (!era) throw new RangeError(`no Japanese era for fiscal year ${fy}`);
  return `${era.name}${eraYearLabel(fy - startYear(era) + 1)}年度`;
}

/**
 * Age in whole years on a date: it goes up on the birthday; someone born on 2/29
 * gets older on 3/1 in common years.
 *
 * Legally (年齢計算ニ関スル法律 with 民法143条) a person reaches the next age at the end of
 * the day before the birthday (2/28 for a 2/29 birth). Judged at the start of onIso, that
 * gives exactly the birthday rule above, which is what benefit eligibility usually needs.
 * The difference shows for rules judged "as of the end of the day", most famously school
 * entry (学校教育法17条): a child born on 4/1 turns 6 at the end of 3/31 and starts school
 * that April, so a 学年 runs from 4/2 to the next 4/1 and 早生まれ is 1/1…4/1, not 1/1…3/31.
 * Do not use ageOn for 学年 placement.
 */
export function ageOn(birthIso: string, onIso: string): number {
  const birth = requireIsoDate(birthIso);
  const on = requireIsoDate(onIso);
  if (onIso < birthIso) throw new RangeError(`date ${onIso} is before birth ${birthIso}`);
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}
